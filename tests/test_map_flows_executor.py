"""map_flows on any concurrent.futures.Executor: a thread pool, and a local Dask cluster."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import FLOWS

from flowmap.flow.loading import FlowError, flow_files, map_flows


def summary_of(flow):
    """Module-level, so that it can be sent to another process."""
    return flow.submission.id, len(flow.steps)


@pytest.fixture
def files(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("parties: []\n", encoding="utf-8")
    return flow_files([FLOWS]) + [bad]


def _expected(files):
    return list(map_flows(files, summary_of, jobs=1))


def test_a_thread_pool_gives_the_same_results_in_the_same_order(files):
    with ThreadPoolExecutor(max_workers=2) as pool:
        got = list(map_flows(files, summary_of, executor=pool))
    expected = _expected(files)
    assert [path for path, _ in got] == files
    assert [r for _, r in got[:-1]] == [r for _, r in expected[:-1]]
    assert isinstance(got[-1][1], FlowError) and isinstance(expected[-1][1], FlowError)


@pytest.mark.slow
def test_a_local_dask_cluster_runs_the_work(files):
    import distributed   # the test extra dask[distributed]

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        got = list(map_flows(files, summary_of, executor=client.get_executor()))
        workers = len(client.scheduler_info()["workers"])
    assert workers == 2
    assert [r for _, r in got[:-1]] == [r for _, r in _expected(files)[:-1]]
    problems = got[-1][1].problems
    assert problems and problems[0].file.endswith("bad.yaml")
