"""The importer on submissions it has not seen: variants generated from the seed texts by
transformations (sections reordered, other departments, contractors and items, full-width and
half-width mixed, a section missing). Each variant's draft must load and say what the text says."""

from __future__ import annotations

import re

import pytest

from flowmap.importer import draft_flow, dump_draft, write_draft
from flowmap.flow.loading import load_flow
from test_import import needs_seeds, seed, seed_files


def load_draft(tmp_path, text: str, name: str = "variant"):
    draft = draft_flow(text, name)
    path = tmp_path / f"{name}.yaml"
    write_draft(draft, path, force=True)
    return draft, load_flow(path)


def summary(flow) -> dict:
    """What a variant must keep: parties, declared items, clauses, checklist, step numbers."""
    return {
        "parties": sorted((p.kind.value, p.name) for p in flow.parties),
        "declared": sorted((p.name, tuple(p.declared.items)) for p in flow.parties if p.declared),
        "clauses": sorted((p.name, p.clauses or "") for p in flow.parties),
        "checklist": flow.checklist.model_dump() if flow.checklist else None,
        "steps": [(s.no, s.kind.value, s.medium.value) for s in flow.steps],
        "department": flow.submission.department,
    }


# --- transformations ----------------------------------------------------------------------------

_SECTION_START = re.compile(r"^(#+\s*)?(件\s*名\s|特\s*記\s*事\s*項\s*$|.*チェックリスト)")


def sections(text: str) -> list[str]:
    """The text cut before each 件名 table, 特記事項 and checklist heading."""
    out, current = [], []
    for line in text.splitlines(keepends=True):
        if _SECTION_START.match(line.strip()) and "\t" not in line and current:
            out.append("".join(current))
            current = []
        current.append(line)
    out.append("".join(current))
    return out


def reorder(text: str) -> str:
    """特記事項 first, then checklists, then the tables (each group keeps its own order)."""
    parts = [p if p.endswith("\n") else p + "\n" for p in sections(text)]
    cover, rest = parts[0], parts[1:]
    clauses = [p for p in rest if re.match(r"^(#+\s*)?特\s*記\s*事\s*項", p.strip())]
    checklists = [p for p in rest if "チェックリスト" in p.splitlines()[0]]
    tables = [p for p in rest if p not in clauses and p not in checklists]
    return cover + "".join(clauses + checklists + tables)


_WIDE = str.maketrans("0123456789()", "０１２３４５６７８９（）")
_HALF_KANA = {"カナ": "ｶﾅ", "コールセンター": "ｺｰﾙｾﾝﾀｰ", "パソコン": "ﾊﾟｿｺﾝ", "システム": "ｼｽﾃﾑ"}


def widths_mixed(text: str) -> str:
    """Every other line with full-width digits and parentheses; some katakana half-width."""
    lines = text.splitlines(keepends=True)
    out = []
    for index, line in enumerate(lines):
        if index % 2:
            line = re.sub(r"(<[^>]*>)|([^<]+)", lambda m: m.group(1) or m.group(2).translate(_WIDE), line)
        for full, half in _HALF_KANA.items():
            line = line.replace(full, half) if index % 3 == 0 else line
        out.append(line)
    return "".join(out)


def without(text: str, start: str, end: str | None) -> str:
    """The text with the part from the line starting ``start`` up to the line ``end`` removed."""
    lines = text.splitlines(keepends=True)
    first = next(i for i, l in enumerate(lines) if l.strip().lstrip("# ").startswith(start))
    last = len(lines) if end is None else next(i for i, l in enumerate(lines) if i > first and l.strip().startswith(end))
    return "".join(lines[:first] + lines[last:])


# --- variants -------------------------------------------------------------------------------------


@needs_seeds
@pytest.mark.parametrize("path", seed_files, ids=lambda p: p.name[:3])
def test_sections_reordered_give_the_same_draft(tmp_path, path):
    text = path.read_text(encoding="utf-8")
    moved = reorder(text)
    assert moved != text and sorted(moved.split()) == sorted(text.split())
    _, original = load_draft(tmp_path, text, "original")
    _, variant = load_draft(tmp_path, moved)
    assert summary(variant) == summary(original)


@needs_seeds
@pytest.mark.parametrize("path", seed_files, ids=lambda p: p.name[:3])
def test_full_and_half_width_mixed_give_the_same_draft(tmp_path, path):
    text = path.read_text(encoding="utf-8")
    mixed = widths_mixed(text)
    assert "（" in mixed and mixed != text
    _, original = load_draft(tmp_path, text, "original")
    _, variant = load_draft(tmp_path, mixed)
    assert summary(variant) == summary(original)


@needs_seeds
def test_other_department_contractor_and_items(tmp_path):
    text = seed("000")
    for old, new in [("区政情報課", "地域振興課"), ("新宿区新聞販売同業組合", "株式会社みどり配送(プライバシーマーク取得)"),
                     ("電話番号", "メールアドレス"), ("相談内容", "配達希望日")]:
        assert old in text
        text = text.replace(old, new)
    draft, flow = load_draft(tmp_path, text)
    assert flow.submission.department == "地域振興課"
    contractor = next(p for p in flow.parties if p.kind.value == "contractor")
    assert contractor.name == "株式会社みどり配送"
    assert [c.value for c in contractor.certifications] == ["privacy_mark"]
    assert contractor.declared.items == ["氏名", "住所", "メールアドレス", "配達希望日"]
    assert {i.label: i.category.value for i in flow.items}["メールアドレス"] == "contact"
    dumped = dump_draft(draft)
    assert "区政情報課" not in dumped and "販売同業組合" not in dumped


@needs_seeds
def test_an_undecided_contractor_becomes_a_named_one(tmp_path):
    text = seed("003").replace("未定(プロポーザル方式により決定)", "一般社団法人テスト協会（ISMS認証取得）")
    _, flow = load_draft(tmp_path, text)
    contractor = next(p for p in flow.parties if p.kind.value == "contractor")
    assert contractor.name == "一般社団法人テスト協会"
    assert [c.value for c in contractor.certifications] == ["isms"]


@needs_seeds
def test_missing_clauses_section(tmp_path):
    text = without(seed("000"), "特 記 事 項", None)
    draft, flow = load_draft(tmp_path, text)
    contractor = next(p for p in flow.parties if p.kind.value == "contractor")
    assert contractor.clauses is None and "TODO" in contractor.note
    assert any("特記事項" in t for t in draft.todos)
    assert any("特記事項" in w.message for w in flow.warnings)


@needs_seeds
def test_missing_checklist_and_diagram(tmp_path):
    text = seed("001")
    no_checklist = text[: text.index("5 業務委託にかかる")]
    _, flow = load_draft(tmp_path, no_checklist, "no-checklist")
    assert flow.checklist is None and len(flow.steps) == 11
    no_diagram = without(text, "新宿区", "5 業務委託にかかる")
    draft, flow = load_draft(tmp_path, no_diagram, "no-diagram")
    assert flow.steps == [] and flow.checklist is not None
    assert any(t.startswith("steps") for t in draft.todos)


@needs_seeds
@pytest.mark.parametrize("row", ["委託先\t", "委託に伴い事業者処理させる情報項目", "保有課(担当課)\t"])
def test_missing_table_row(tmp_path, row):
    text = seed("003")
    lines = [l for l in text.splitlines(keepends=True) if not l.startswith(row)]
    assert len(lines) < len(text.splitlines())
    draft, flow = load_draft(tmp_path, "".join(lines))
    assert flow.submission.department == "四谷保健センター"   # from the overview when the table lacks it
    assert draft.todos and flow.warnings


@needs_seeds
def test_missing_overview_and_cover(tmp_path):
    text = seed("000")
    text = text[text.index("## 件名 「広報新宿」"):]
    draft, flow = load_draft(tmp_path, text)
    assert flow.submission.department == "区政情報課"
    assert flow.submission.title.startswith("「広報新宿」")
    assert any("根拠" in t for t in draft.todos)


@needs_seeds
@pytest.mark.parametrize("number", ["000", "001", "003"])
def test_rows_of_a_table_in_another_order(tmp_path, number):
    text = seed(number)
    lines = text.splitlines(keepends=True)
    first = next(i for i, l in enumerate(lines) if l.startswith("委託先\t"))
    second = next(i for i, l in enumerate(lines) if l.startswith("委託理由\t"))
    lines[first], lines[second] = lines[second], lines[first]
    _, original = load_draft(tmp_path, text, "original")
    _, variant = load_draft(tmp_path, "".join(lines))
    assert summary(variant) == summary(original)


@needs_seeds
def test_windows_line_endings_and_bom(tmp_path):
    text = seed("001")
    _, original = load_draft(tmp_path, text, "original")
    _, variant = load_draft(tmp_path, "\ufeff" + text.replace("\n", "\r\n"))
    assert summary(variant) == summary(original)
