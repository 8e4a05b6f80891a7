"""Helpers for the comparison tests: fixture paths and variants of a fixture written to tmp_path."""

from __future__ import annotations

from pathlib import Path

from flowmap.flow.loading import load_flow
from flowmap.flow.model import Flow

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "compare"
BASE = FIXTURES / "base.yaml"
ITEM_ADDED = FIXTURES / "item-added.yaml"
WEAK_USB = FIXTURES / "weak-usb.yaml"
BAD = ROOT / "tests" / "fixtures" / "compare-bad" / "bad-kind.yaml"


def variant(tmp_path: Path, source: Path, name: str, *replacements: tuple[str, str]) -> Path:
    """Write ``source`` with each (old, new) replaced once; fail if ``old`` is not there."""
    text = source.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, f"{old!r} not in {source.name}"
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load(path: Path) -> Flow:
    return load_flow(path)
