"""Helpers for rule tests: patch the base flow with a YAML fragment, load it, run one rule.

The patched flow is written as JSON (valid YAML) to a temporary file and loaded by the real
loader, so that line numbers and reference checks are those of a real flow file.
"""

from __future__ import annotations

import json
from pathlib import Path

from ruamel.yaml import YAML

from flowmap.rules.analysis import analyse
from flowmap.rules.findings import Finding
from flowmap.flow.loading import load_flow
from flowmap.flow.model import Flow

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
BASE = FIXTURES / "_base.yaml"
KEYS = ("id", "no")


def read_yaml(path: Path):
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _key(entry) -> str | None:
    if isinstance(entry, dict):
        return next((f"{k}={entry[k]}" for k in KEYS if k in entry), None)
    return None


def merge(base, patch):
    """Mappings merge; lists of keyed mappings merge by key; anything else is replaced."""
    if isinstance(base, dict) and isinstance(patch, dict):
        out = dict(base)
        for key, value in patch.items():
            out[key] = merge(base[key], value) if key in base else value
        return out
    if isinstance(base, list) and isinstance(patch, list) and patch and all(_key(p) for p in patch) \
            and all(_key(b) for b in base):
        out = list(base)
        index = {_key(b): i for i, b in enumerate(out)}
        for entry in patch:
            if _key(entry) in index:
                out[index[_key(entry)]] = entry
            else:
                out.append(entry)
        return out
    return patch


def patched_flow(patch, tmp_path: Path, name: str = "case.yaml") -> Flow:
    data = merge(read_yaml(BASE), patch or {})
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return load_flow(path)


def findings_of(flow: Flow, code: str) -> list[Finding]:
    """The findings of one rule, including those merged into another finding (their parts)."""
    return [f for found in analyse(flow) for f in (found, *found.parts) if f.code == code]
