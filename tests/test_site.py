"""`flowmap site`: the pages it writes, their links, determinism, escaping and reuse of work."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FLOWS
from review_helpers import executable, hostile_flow

from flowmap.cli import main
from flowmap.flow.cache import Cache
from flowmap.review import site as site_module
from flowmap.review.site import build_site


def _run(*args: str):
    return CliRunner().invoke(main, ["site", *args])


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    cache = tmp_path_factory.mktemp("cache")
    result = _run(str(FLOWS), "-o", str(out), "--cache", str(cache))
    assert result.exit_code == 0, result.output
    return out


def test_the_site_has_an_index_a_page_per_flow_the_comparison_and_the_amendment_diff(built):
    stems = sorted(p.stem for p in FLOWS.glob("*.yaml"))
    assert sorted(p.stem for p in (built / "flows").iterdir()) == stems
    assert [p.name for p in (built / "diff").iterdir()] == ["002-kyuuji-after.html"]   # 002 after amends before
    index = (built / "index.html").read_text(encoding="utf-8")
    for stem in stems:
        assert f'href="./flows/{stem}.html"' in index
    row = index.split("flows/002-kyuuji-before.yaml")[1].split("</tr>")[0]
    assert 'href="./flows/002-kyuuji-after.html"' in row                               # amended by
    diff = (built / "diff" / "002-kyuuji-after.html").read_text(encoding="utf-8")
    assert "旧氏" in diff and 'href="../flows/002-kyuuji-before.html"' in diff


def test_the_index_counts_open_findings_by_severity(built):
    from flowmap.flow.loading import load_flow
    from flowmap.rules.analysis import analyse
    from flowmap.rules.findings import Severity

    findings = analyse(load_flow(FLOWS / "004-covid-vaccine.yaml"))
    index = (built / "index.html").read_text(encoding="utf-8")
    row = index.split("flows/004-covid-vaccine.yaml")[1].split("</tr>")[0]
    counts = [int(n) for n in re.findall(r'<span class="sev-count[^"]*">(\d+)</span>', row)]
    assert counts == [sum(1 for f in findings if f.severity == s and not f.accepted) for s in sorted(Severity, reverse=True)]


def test_an_amended_flow_page_links_to_its_amendment_and_back(built):
    after = (built / "flows" / "002-kyuuji-after.html").read_text(encoding="utf-8")
    before = (built / "flows" / "002-kyuuji-before.html").read_text(encoding="utf-8")
    assert 'href="./002-kyuuji-before.html"' in after and 'href="../diff/002-kyuuji-after.html"' in after
    assert 'href="./002-kyuuji-after.html"' in before
    assert 'href="../index.html"' in before


def test_the_comparison_page_holds_the_cross_project_views(built):
    page = (built / "compare.html").read_text(encoding="utf-8")
    for title in ("案件の概要", "誰が何を保有するか", "「マイナンバー」を保有する当事者", "「健康」を保有する当事者",
                  "受け渡しの種類ごとの安全対策"):
        assert title in page
    # りらいあコミュニケーションズ appears in both versions of 002: followed across them
    assert "当事者「りらいあコミュニケーションズ株式会社(住民異動届等入出力処理業務)」の案件ごとの扱い" in page


def test_the_site_is_deterministic_and_a_rebuild_rewrites_nothing(built, tmp_path):
    again = tmp_path / "again"
    assert _run(str(FLOWS), "-o", str(again), "--cache", "off").exit_code == 0
    for path in built.rglob("*.html"):
        assert (again / path.relative_to(built)).read_bytes() == path.read_bytes(), path
    result = _run(str(FLOWS), "-o", str(again), "--cache", "off")
    assert "更新 0 ページ" in result.output


def test_an_unchanged_flow_is_taken_from_the_cache(tmp_path, monkeypatch):
    flows = tmp_path / "flows"
    flows.mkdir()
    for name in ("001-keitai-toilet.yaml", "003-josei-kenko.yaml"):
        shutil.copy(FLOWS / name, flows / name)
    cache = Cache(tmp_path / "cache")
    worked: list[str] = []
    real = site_module.site_entry

    def counting(flow):
        worked.append(Path(flow.source).name)
        return real(flow)

    monkeypatch.setattr(site_module, "site_entry", counting)
    build_site([flows], tmp_path / "site", cache, jobs=1)
    assert sorted(worked) == ["001-keitai-toilet.yaml", "003-josei-kenko.yaml"]
    worked.clear()
    path = flows / "003-josei-kenko.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: 女性の健康支援", "title: 女性の健康支援(改)", 1), encoding="utf-8")
    built = build_site([flows], tmp_path / "site", cache, jobs=1)
    assert worked == ["003-josei-kenko.yaml"]                           # only the changed flow
    assert "女性の健康支援(改)" in built.pages["flows/003-josei-kenko.html"]
    assert sorted(built.written) == ["compare.html", "flows/003-josei-kenko.html", "index.html"]


def test_a_folder_of_only_invalid_flows_gives_messages_and_an_empty_site(tmp_path):
    """Found by the hostile sweep: with no flow readable, the comparison of nothing was a traceback."""
    flows = tmp_path / "flows"
    flows.mkdir()
    (flows / "bad.yaml").write_text("submission: [\n", encoding="utf-8")
    result = _run(str(flows), "-o", str(tmp_path / "site"), "--cache", "off")
    assert result.exit_code == 1 and "Traceback" not in result.output and "bad.yaml:" in result.output
    assert "案件の比較(0件)" in (tmp_path / "site" / "compare.html").read_text(encoding="utf-8")


def test_a_page_no_longer_built_is_removed_and_nothing_else(tmp_path):
    """A flow taken out of the folder (or now invalid) loses its page; what else is in the site
    folder is left alone."""
    flows = tmp_path / "flows"
    flows.mkdir()
    for name in ("001-keitai-toilet.yaml", "003-josei-kenko.yaml"):
        shutil.copy(FLOWS / name, flows / name)
    site = tmp_path / "site"
    assert _run(str(flows), "-o", str(site), "--cache", "off").exit_code == 0
    (site / "flows" / "notes.txt").write_text("mine", encoding="utf-8")
    (site / "own.html").write_text("mine", encoding="utf-8")
    (flows / "003-josei-kenko.yaml").write_text("submission: [\n", encoding="utf-8")   # now invalid
    result = _run(str(flows), "-o", str(site), "--cache", "off")
    assert result.exit_code == 1 and "古いページを削除 1" in result.output
    assert not (site / "flows" / "003-josei-kenko.html").exists()
    assert (site / "flows" / "001-keitai-toilet.html").exists()
    assert (site / "flows" / "notes.txt").read_text(encoding="utf-8") == "mine" == (site / "own.html").read_text(encoding="utf-8")
    (flows / "003-josei-kenko.yaml").unlink()
    result = _run(str(flows), "-o", str(site), "--cache", "off")
    assert result.exit_code == 0 and "古いページを削除" not in result.output


def test_a_different_flowmap_is_not_answered_from_the_cache(tmp_path, monkeypatch):
    from flowmap.flow import cache as cache_module

    first = Cache(tmp_path)
    key = first.key("site", "a.yaml", b"data")
    first.put("site", key, "old result")
    assert first.get("site", key) == (True, "old result")
    monkeypatch.setattr(cache_module, "code_digest", lambda: "another version")
    assert Cache(tmp_path).key("site", "a.yaml", b"data") != key
    clause = tmp_path / "clauses.yaml"
    clause.write_text("a", encoding="utf-8")
    with_clause = Cache(tmp_path, extra_inputs=[clause]).key("site", "a.yaml", b"data")
    clause.write_text("b", encoding="utf-8")
    assert Cache(tmp_path, extra_inputs=[clause]).key("site", "a.yaml", b"data") != with_clause


def test_an_invalid_flow_is_reported_and_the_others_are_built(tmp_path):
    flows = tmp_path / "flows"
    flows.mkdir()
    shutil.copy(FLOWS / "001-keitai-toilet.yaml", flows / "001.yaml")
    (flows / "bad.yaml").write_text("submission: [\n", encoding="utf-8")
    result = _run(str(flows), "-o", str(tmp_path / "site"), "--cache", "off")
    assert result.exit_code == 1
    assert "bad.yaml:" in result.output
    assert (tmp_path / "site" / "flows" / "001.html").exists()
    assert not (tmp_path / "site" / "flows" / "bad.html").exists()


def test_hostile_text_and_file_names_never_become_script_or_links(tmp_path):
    flows = tmp_path / "flows"
    flows.mkdir()
    hostile_flow(FLOWS / "001-keitai-toilet.yaml", flows / "javascript:alert(1).yaml")
    result = _run(str(flows), "-o", str(tmp_path / "site"), "--cache", "off")
    assert result.exit_code == 0, result.output
    for path in (tmp_path / "site").rglob("*.html"):
        found = executable(path.read_text(encoding="utf-8"))
        assert found.handlers == [] and found.urls == [], path
        assert all(s.get("type") == "application/json" or not s for s in found.scripts)
        assert "img" not in found.tags
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="./flows/javascript%3Aalert%281%29.html"' in index


def test_a_changed_profile_or_clause_set_is_not_answered_from_the_cache(tmp_path):
    source = Path(__file__).resolve().parent.parent / "src/flowmap/flow/data/clauses/national-tei-11.yaml"
    sets = tmp_path / "sets.yaml"
    sets.write_text(source.read_text(encoding="utf-8").replace("id: national-tei-11", "id: aoba-1"), encoding="utf-8")
    config = tmp_path / "flowmap.yaml"
    config.write_text("name: 青葉市\nkind: city\nclause_sets: [sets.yaml]\n", encoding="utf-8")
    flow = tmp_path / "001.yaml"
    data = (FLOWS / "001-keitai-toilet.yaml").read_bytes().replace(b"\nprofile: shinjuku\n", b"\n")
    flow.write_bytes(data)   # read under the folder's flowmap.yaml (a flow's own profile: would win)
    first = Cache(tmp_path / "cache").flow_key("site", flow, data)
    assert Cache(tmp_path / "cache").flow_key("site", flow, data) == first              # stable
    sets.write_text(sets.read_text(encoding="utf-8").replace("個人情報取扱注意事項", "個人情報取扱注意事項(改)", 1),
                    encoding="utf-8")
    second = Cache(tmp_path / "cache").flow_key("site", flow, data)
    assert second != first                                                                 # clause set changed
    config.write_text("name: 青葉市\nkind: town\nclause_sets: [sets.yaml]\n", encoding="utf-8")
    assert Cache(tmp_path / "cache").flow_key("site", flow, data) not in (first, second)   # profile changed
    own = data + b"profile: shinjuku\n"
    assert Cache(tmp_path / "cache").flow_key("site", flow, own) == Cache(tmp_path / "c2").flow_key("site", flow, own)


@pytest.mark.parametrize("command", [["check", "--fail-on", "never", "--format", "json"], ["compare", "--format", "json"]])
def test_check_and_compare_answer_the_same_from_the_cache(tmp_path, command):
    cache = tmp_path / "cache"
    cold = CliRunner().invoke(main, [command[0], str(FLOWS), *command[1:], "--cache", str(cache)])
    kind = "check" if command[0] == "check" else "flow"
    assert len(list((cache / kind).rglob("*"))) >= len(list(FLOWS.glob("*.yaml")))   # one entry a flow
    warm = CliRunner().invoke(main, [command[0], str(FLOWS), *command[1:], "--cache", str(cache)])
    assert cold.exit_code == warm.exit_code == 0
    assert warm.output == cold.output and len(cold.output) > 1000
