"""Shared test helpers: the repository's paths and a way to write variants of a seed flow."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FLOWS = ROOT / "flows"
SEED_001 = FLOWS / "001-keitai-toilet.yaml"


@pytest.fixture
def variant(tmp_path):
    """Write seed 001 with textual replacements applied; returns the path."""

    def make(*replacements: tuple[str, str], name: str = "variant.yaml", text: str | None = None) -> Path:
        body = SEED_001.read_text(encoding="utf-8") if text is None else text
        for old, new in replacements:
            assert old in body, f"replacement target not found: {old!r}"
            body = body.replace(old, new, 1)
        path = tmp_path / name
        path.write_text(body, encoding="utf-8")
        return path

    return make


def line_of(path: Path, needle: str) -> int:
    """1-based line of the first line containing needle."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


@pytest.fixture(autouse=True)
def _no_shared_cache(monkeypatch):
    """Commands under test compute afresh: no results reused from an earlier run or test
    (a test of the cache names its own folder with --cache or Cache(folder))."""
    monkeypatch.setenv("FLOWMAP_CACHE", "off")
