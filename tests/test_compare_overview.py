"""flowmap.compare.overview and table: flows side by side."""

from __future__ import annotations

import csv
import io
import json

from compare_helpers import BASE, ITEM_ADDED, WEAK_USB, load, variant
from flowmap.compare.overview import WEAKER, build_overview
from flowmap.compare.table import OVERVIEW_FORMATS, section_text
from flowmap.output.textwidth import display_width


def section(flows, code, **kwargs):
    overview = build_overview([load(p) for p in flows], only=(code,), analyse=None, **kwargs)
    (found,) = overview.sections
    return found


def test_display_width_counts_wide_and_ambiguous_characters_as_two():
    assert display_width("abc") == 3
    assert display_width("旧氏") == 4
    assert display_width("②'") == 3
    assert display_width("ｱｲ") == 2  # half-width katakana stay narrow


def test_text_tables_align_columns_by_display_width():
    found = section([BASE, WEAK_USB], "holdings")
    lines = section_text(found).splitlines()
    header, rows = lines[1], lines[3:3 + len(found.rows)]
    for label, key, after in (("当事者", "party", "flow"), ("種類", "kind", "party")):
        starts = {display_width(header[: header.index(label)])}
        for line, row in zip(rows, found.rows):
            cut = line.index(row[after]) + len(row[after])
            starts.add(display_width(line[: line.index(row[key], cut)]))
        assert len(starts) == 1, (label, starts)


def test_summary_row_per_flow():
    rows = {r["flow"]: r for r in section([BASE, WEAK_USB], "summary").rows}
    assert set(rows) == {"001-keitai-toilet", "fixture-weak-usb"}
    assert rows["001-keitai-toilet"]["subjects"] == "230,000"
    assert rows["001-keitai-toilet"]["depth"] == 1
    assert rows["fixture-weak-usb"]["contractors"] == ["新聞販売同業組合"]
    assert rows["fixture-weak-usb"]["media"] == ["紙", "USBメモリ"]


def test_depth_of_subcontracting_follows_serves(tmp_path):
    chain = variant(
        tmp_path, WEAK_USB, "chain.yaml",
        ("  - id: residents\n", "  - id: shop\n    name: 新聞販売所\n    kind: subcontractor\n    serves: union\n"
                                "  - id: helper\n    name: 配達員派遣会社\n    kind: subcontractor\n    serves: shop\n  - id: residents\n"),
    )
    (row,) = section([chain], "summary").rows
    assert row["depth"] == 3 and row["contractors"] == ["新聞販売同業組合", "新聞販売所", "配達員派遣会社"]


def test_holdings_matrix_counts_items_per_category():
    rows = {(r["flow"], r["party"]): r for r in section([BASE, WEAK_USB], "holdings").rows}
    union = rows[("fixture-weak-usb", "新聞販売同業組合")]
    assert (union["basic"], union["contact"], union["my_number"]) == (2, 1, 0)
    assert not any(party == "個別配達の対象者" for _, party in rows)  # subjects are not holders


def test_item_follows_an_item_label_across_flows():
    rows = section([BASE, ITEM_ADDED], "item", item="旧氏").rows
    assert {(r["flow"], r["party"]) for r in rows} == {
        ("001-keitai-toilet-amended", "新宿区 危機管理課"),
        ("001-keitai-toilet-amended", "ホストコンピューター"),
        ("001-keitai-toilet-amended", "委託事業者"),
    }


def test_item_follows_a_category_but_not_a_label_that_merely_contains_it(tmp_path):
    with_number = variant(
        tmp_path, WEAK_USB, "mynumber.yaml",
        ("  - {id: phone, label: 電話番号, category: contact}\n",
         "  - {id: phone, label: 電話番号, category: contact}\n  - {id: kojin-bango, label: 個人番号, category: my_number}\n"
         "  - {id: card-date, label: マイナンバーカード交付予約日, category: record}\n"),
        ("items: [氏名, 住所, 電話番号]", "items: [氏名, 住所, 電話番号, 個人番号, マイナンバーカード交付予約日]"),
    )
    found = section([BASE, with_number], "item", item="マイナンバー")
    assert {(r["flow"], r["party"], tuple(r["items"]), tuple(r["steps"])) for r in found.rows} == {
        ("fixture-weak-usb", "新宿区 区政情報課", ("個人番号",), ("①",)),
        ("fixture-weak-usb", "新聞販売同業組合", ("個人番号",), ("①",)),
    }
    nothing = section([BASE], "item", item="マイナンバー")
    assert nothing.rows == () and "ありません" in nothing.notes[0]


def test_a_project_weaker_than_its_peers_on_usb_handovers_is_marked():
    rows = {(r["kind"], r["flow"]): r for r in section([BASE, WEAK_USB], "edges").rows}
    strong = rows[("USBメモリ・手渡し", "001-keitai-toilet")]
    weak = rows[("USBメモリ・手渡し", "fixture-weak-usb")]
    assert "鍵付きカバンに入れて運搬" in strong["applied"]
    assert "個人情報を含むデータのパスワード付き暗号化" in strong["applied"]
    assert weak["applied"] == ["区職員と委託先が対面で授受"]
    assert weak["weaker"] == WEAKER and strong["weaker"] == ""
    assert "鍵付きカバンに入れて運搬(001-keitai-toilet)" in weak["missing"]
    assert weak["steps"] == ["①", "③"]


def test_a_project_alone_on_a_kind_of_edge_is_not_marked():
    rows = [r for r in section([BASE, WEAK_USB], "edges").rows if r["kind"] == "紙・手渡し"]
    assert [(r["flow"], r["weaker"]) for r in rows] == [("fixture-weak-usb", "")]


def test_party_across_projects():
    rows = section([BASE, WEAK_USB], "party", party="組合").rows
    (row,) = rows
    assert row["flow"] == "fixture-weak-usb" and row["clauses"] == "shinjuku-2023-31"
    assert row["categories"] == ["基本4情報 2", "連絡先 1"]
    assert section([BASE, WEAK_USB], "party", party="contractor").rows[0]["party"] == "委託事業者"


def _cells(value):
    return value if isinstance(value, list) else [value]


def test_json_carries_the_same_facts_as_text_and_csv(monkeypatch):
    monkeypatch.setattr("flowmap.compare.table.MAX_CELL", 10_000)  # facts whole on one line
    overview = build_overview([load(BASE), load(WEAK_USB)], item="電話番号", party="組合", analyse=None)
    data = json.loads(OVERVIEW_FORMATS["json"](overview))
    text = OVERVIEW_FORMATS["text"](overview)
    assert [s["code"] for s in data["sections"]] == ["summary", "holdings", "item", "edges", "party"]
    for sec in data["sections"]:
        assert sec["title"] in text
        for row in sec["rows"]:
            for value in row.values():
                for part in _cells(value):
                    assert str(part) in text, (sec["code"], part)
    only_edges = build_overview([load(BASE), load(WEAK_USB)], only=("edges",), analyse=None)
    table = list(csv.reader(io.StringIO(OVERVIEW_FORMATS["csv"](only_edges))))
    assert table[0][:2] == ["受け渡しの種類", "案件"]
    assert len(table) - 1 == len(json.loads(OVERVIEW_FORMATS["json"](only_edges))["sections"][0]["rows"])
    assert "| 受け渡しの種類 | 案件 |" in OVERVIEW_FORMATS["markdown"](only_edges)


def test_summary_counts_open_findings_per_severity():
    from dataclasses import replace

    from flowmap.rules.findings import Finding, Severity

    def analyse(flow):
        base = Finding(flow.source, 1, "FMT02", Severity.HIGH, flow.submission.id, "m", "f")
        return [base, replace(base, code="FMT03"), replace(base, code="FMT04", severity=Severity.LOW),
                replace(base, code="FMT05", accepted=True)]

    overview = build_overview([load(WEAK_USB)], only=("summary",), analyse=analyse)
    (row,) = overview.sections[0].rows
    assert (row["findings_high"], row["findings_medium"], row["findings_low"], row["findings_info"]) == (2, 0, 1, 0)
    assert dict(overview.sections[0].columns)["findings_high"] == "指摘(高)"
    without = build_overview([load(WEAK_USB)], only=("summary",), analyse=None).sections[0]
    assert "findings_high" not in without.rows[0] and "解析モジュール" in without.notes[0]


def test_long_cells_wrap_by_display_width_at_list_separators():
    from flowmap.compare.table import wrap

    assert wrap("短い") == ["短い"]
    parts = wrap("、".join(["鍵付きカバンに入れて運搬"] * 5), 30)
    assert parts == ["鍵付きカバンに入れて運搬、"] * 4 + ["鍵付きカバンに入れて運搬"]
    text = "、".join(["個人情報を含むデータのパスワード付き暗号化(001-keitai-toilet)"] * 3)
    assert "".join(wrap(text, 20)) == text and all(display_width(p) <= 22 for p in wrap(text, 20))
    long = wrap("あ" * 25, 20)
    assert [display_width(p) for p in long] == [20, 20, 10]
