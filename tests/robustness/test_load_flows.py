"""load_flows: many files on several processes give what one process gives, in order."""

from __future__ import annotations

from pathlib import Path

from flowmap.flow.loading import FlowError, load_flows

HERE = Path(__file__).parent / "malformed"
NAMES = ["ok-tiny.yaml", "merge-key.yaml", "bom.yaml", "empty.yaml", "invalid-date.yaml", "crlf.yaml"]


def _summary(results):
    out = []
    for path, flow in results:
        if isinstance(flow, FlowError):
            out.append((path.name, [str(p) for p in flow.problems]))
        else:
            out.append((path.name, [s.no for s in flow.steps], [s.item_ids for s in flow.steps], flow.source))
    return out


def test_parallel_equals_serial_in_order():
    files = [HERE / name for name in NAMES * 3]
    serial = _summary(load_flows(files, jobs=1))
    parallel = _summary(load_flows(files, jobs=2))
    assert parallel == serial
    assert [row[0] for row in parallel] == [f.name for f in files]
    # errors cross the process boundary with their located problems intact
    merge = next(row for row in parallel if row[0] == "merge-key.yaml")
    assert merge[1] == [f"{HERE / 'merge-key.yaml'}:11:5: マージキー(<<)は使えません。内容を書き写してください"]
    ok = next(row for row in parallel if row[0] == "ok-tiny.yaml")
    assert ok[1] == ["①", "②"] and ok[2] == [("name", "address"), ("name", "address")]


def test_default_jobs_stay_serial_for_few_files():
    results = list(load_flows([HERE / "ok-tiny.yaml"]))
    assert len(results) == 1 and not isinstance(results[0][1], FlowError)


def test_check_on_two_processes_says_what_one_says(tmp_path):
    """flowmap check analyses in worker processes; its report must not change with -j."""
    from click.testing import CliRunner

    from flowmap.cli import main

    flows = Path(__file__).parents[2] / "flows"
    for flow in flows.glob("*.yaml"):
        (tmp_path / flow.name).write_bytes(flow.read_bytes())
    (tmp_path / "zz-broken.yaml").write_bytes((HERE / "merge-key.yaml").read_bytes())
    runs = [CliRunner().invoke(main, ["check", "-j", jobs, "--format", "json", str(tmp_path)], catch_exceptions=False)
            for jobs in ("1", "2")]
    assert runs[0].exit_code == runs[1].exit_code == 2  # one invalid file
    assert runs[0].output == runs[1].output
    assert f"{tmp_path / 'zz-broken.yaml'}:11:5: マージキー" in runs[1].output
    assert '"FM' in runs[1].output  # the valid flows were analysed
