"""A small sample of the hostile sweep (bench/hostile_sweep.py) on every output path: no
traceback, no forged line, no live formula or markup, nothing left behind. The full sweep
(10,000 inputs a path) is run by hand; its counts are in docs/performance.md."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).parents[2]


def _sweep_module():
    spec = importlib.util.spec_from_file_location("hostile_sweep", ROOT / "bench" / "hostile_sweep.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_hostile_sample_on_every_path():
    sweep = _sweep_module()
    result = sweep.sweep(count=40, seed=2026)
    paths = result["paths"]
    assert set(paths) == {*sweep.PATHS, "import"}
    for path, counts in paths.items():
        assert counts["inputs"] == 40, path
        failures = {k: v for k, v in counts.items() if k not in ("inputs", "valid", "refused", "exit 0") and v}
        assert not failures, (path, failures, {k: v for k, v in result["examples"].items() if k.startswith(path)})
    # the sample holds both kinds: inputs the loader refuses and hostile ones that load
    assert 0 < paths["validate"].get("valid", 0) < 40
    assert paths["import"].get("valid", 0) > 0
