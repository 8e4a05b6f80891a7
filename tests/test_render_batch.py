"""Many graphs through one Graphviz library process (``render/gvbatch.py``): the same layout
and pictures as ``dot`` gives each graph alone, every run, and the same without the library."""

from __future__ import annotations

import subprocess

import pytest

from flowmap.flow.loading import load_flow
from flowmap.render import graphviz_run
from flowmap.render.output import prepare
from conftest import FLOWS

SEED_004 = FLOWS / "004-covid-vaccine.yaml"


@pytest.fixture(scope="module")
def dots() -> list[str]:
    """The DOT of every page of the split seed 004 (several clusters side by side: the case
    where one ``dot`` process given many graphs lays later ones out differently run to run)."""
    return [page.dot for page in prepare(load_flow(SEED_004)).pages]


def test_a_batch_lays_each_graph_out_as_dot_alone(dots):
    assert graphviz_run.library_usable()
    batch = graphviz_run.run_many("dot", dots, ["dot", "svg"])
    for dot, out in zip(dots, batch):
        alone = subprocess.run(["dot", "-Tdot"], input=dot.encode(), capture_output=True, check=True).stdout
        svg = subprocess.run(["dot", "-Tsvg"], input=dot.encode(), capture_output=True, check=True).stdout
        assert out["dot"] == alone and out["svg"] == svg


def test_batches_give_the_same_bytes_every_run(dots):
    first = graphviz_run.run_many("dot", dots, ["json", "dot", "svg"])
    for _ in range(3):
        assert graphviz_run.run_many("dot", dots, ["json", "dot", "svg"]) == first
    positioned = [out["dot"].decode() for out in first]
    drawn = graphviz_run.draw(positioned, ["svg"])
    assert all(graphviz_run.draw(positioned, ["svg"]) == drawn for _ in range(3))


def test_without_the_library_one_process_per_graph_gives_the_same(dots, monkeypatch):
    batch = graphviz_run.run_many("dot", dots[:3], ["dot", "svg"])
    monkeypatch.setattr(graphviz_run, "library_usable", lambda: False)
    assert graphviz_run.run_many("dot", dots[:3], ["dot", "svg"]) == batch


def test_a_graph_graphviz_cannot_read_is_a_message():
    with pytest.raises(graphviz_run.RenderError, match="Graphviz が図を描けませんでした"):
        graphviz_run.run_many("dot", ["digraph { a -> }", "digraph { b }"], ["json"])


def test_groups_depend_on_the_count_only(monkeypatch):
    """Which graphs share a process is fixed by their number, so the pictures do not depend on
    the machine's cores."""
    seen = []
    monkeypatch.setattr(graphviz_run, "_run_share", lambda engine, formats, folder, names: seen.append(names)
                        or [(folder / f"{n}.json").write_text("{}") for n in names])
    for cores in (1, 2, 16):
        seen.clear()
        monkeypatch.setattr(graphviz_run.os, "cpu_count", lambda cores=cores: cores)
        graphviz_run.run_many("dot", ["digraph {}"] * 23, ["json"])
        assert sorted(len(names) for names in seen) == [5, 6, 6, 6]  # 23 graphs: four runs


def test_a_split_flow_gives_the_same_files_every_time(tmp_path):
    """Every page of every format, twice: the same bytes (the PDF keeps no creation date)."""
    from flowmap.render.output import render_flow

    flow = load_flow(SEED_004)
    first = render_flow(flow, tmp_path / "a", "x", ("svg", "png", "pdf", "dot", "drawio"), dpi=40)
    second = render_flow(flow, tmp_path / "b", "x", ("svg", "png", "pdf", "dot", "drawio"), dpi=40)
    assert len(first.paths) > 10
    assert [p.read_bytes() for p in first.paths] == [p.read_bytes() for p in second.paths]
