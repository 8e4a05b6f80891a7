"""Each kind of bad input gives its own message at its own line (issue 3)."""

from __future__ import annotations

import pytest

from conftest import line_of
from flowmap.flow.loading import FlowError, load_flow


def problems(path):
    with pytest.raises(FlowError) as caught:
        load_flow(path)
    return caught.value.problems


def only(path):
    found = problems(path)
    assert len(found) == 1, found
    return found[0]


def test_unknown_party_id_names_the_line_and_suggests(variant):
    path = variant(("    from: contractor\n    to: ward\n    items: [配布状況]", "    from: contractr\n    to: ward\n    items: [配布状況]"))
    problem = only(path)
    assert problem.line == line_of(path, "from: contractr")
    assert "contractr" in problem.message and "もしかして: contractor" in problem.message


def test_label_slip_is_caught_with_did_you_mean(variant):
    # the seed's own slip: the diagram says 削除フラグ where the table says 消除フラグ; without the
    # item's recorded slip, the diagram's word is an unknown item with a suggestion
    path = variant((", slips: [{text: 削除フラグ, where: 図(資料19-1)の配布対象者情報の枠}]", ""))
    problem = only(path)
    assert problem.line == line_of(path, "区民日, 削除フラグ]")
    assert "削除フラグ" in problem.message and "もしかして: 消除フラグ" in problem.message


def test_unknown_item_on_a_step(variant):
    path = variant(("    items: [配布状況]\n    medium: usb", "    items: [配布状態]\n    medium: usb"))
    problem = only(path)
    assert problem.line == line_of(path, "items: [配布状態]")
    assert "配布状態" in problem.message


def test_duplicate_step_number(variant):
    path = variant(('  - no: "⑥"', '  - no: "⑤"'))
    found = problems(path)
    assert any("⑤" in p.message and "重複" in p.message for p in found)
    assert all(p.line == line_of(path, '- no: "⑤"') for p in found)


def test_shared_number_overlapping_another_step(variant):
    path = variant(('  - no: "⑥"', "  - no: \"③'\""))
    problem = only(path)
    assert "③'" in problem.message and "③③'" in problem.message


def test_step_number_that_is_not_circled(variant):
    path = variant(('  - no: "⑥"', '  - no: "6"'))
    problem = only(path)
    assert problem.line == line_of(path, '- no: "6"')
    assert "circled" in problem.message or "①" in problem.message


def test_wrong_kind_lists_allowed_values(variant):
    path = variant(("    kind: report", "    kind: reporting"))
    problem = only(path)
    assert problem.line == line_of(path, "kind: reporting")
    assert "reporting" in problem.message and "report" in problem.message.split("使える値")[1]


def test_missing_field(variant):
    path = variant(("    label: 対象者への配布情報の提供\n", ""))
    problem = only(path)
    assert "'label'" in problem.message and "必須" in problem.message
    assert problem.line == line_of(path, '- no: "⑥"')


def test_misspelt_key_is_not_silently_dropped(variant):
    path = variant(("    transport: hand_delivery\n    frequency: monthly", "    transprot: hand_delivery\n    frequency: monthly"))
    problem = only(path)
    assert problem.line == line_of(path, "transprot:")
    assert "transprot" in problem.message


def test_bad_date(variant):
    path = variant(('start: "2024-07-22"', "start: 2024-13-45"))
    problem = only(path)
    assert problem.line == line_of(path, "start: 2024-13-45")
    assert "YYYY-MM-DD" in problem.message


def test_unknown_safeguard_code(variant):
    path = variant(("safeguards: [locked_bag, encrypted_medium, ledger]", "safeguards: [locked_bag, encrypted_usb, ledger]"))
    problem = only(path)
    assert problem.line == line_of(path, "encrypted_usb")
    assert "もしかして" in problem.message and "encrypted_medium" in problem.message


def test_internal_step_cannot_have_endpoints(variant):
    path = variant(("    kind: process\n    at: host", "    kind: process\n    at: host\n    to: ward"))
    assert "at" in only(path).message


def test_subcontractor_needs_the_contractor_it_serves(variant):
    path = variant(("    kind: carrier\n", "    kind: subcontractor\n"))
    found = problems(path)
    assert any("serves" in p.message for p in found)


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"", "空"),
        (b"- just\n- a list\n", "マッピング"),
        (b"submission: {id: x\nparties: [\n", "YAML"),
        (b"a: 1\na: 2\n", "重複"),
        (b"submission:\n  id: \xff\xfe\n", "UTF-8"),
        (b"a: &a [1, 2]\nb: [*a, *a]\n", "エイリアス"),
    ],
)
def test_malformed_files_give_a_located_message(tmp_path, content, expected):
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    found = problems(path)
    assert found and expected in found[0].message
    assert found[0].file == str(path) and found[0].line >= 1


def test_alias_bomb_is_refused_quickly(tmp_path):
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i-1}'] * 9)}]" for i in range(1, 9)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    assert "エイリアス" in problems(path)[0].message


def test_invalid_utf8_points_at_its_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_bytes("submission:\n  id: x\n  title: 件名\n".encode() + b"  department: \x82\xa0\n")
    assert problems(path)[0].line == 4


def test_file_too_large(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"notes: [" + b"x" * (9 * 1024 * 1024) + b"]\n")
    assert "大きすぎ" in problems(path)[0].message


def test_directory_instead_of_file(tmp_path):
    assert "フォルダ" in problems(tmp_path)[0].message


def test_bom_and_crlf_load(variant, tmp_path):
    text = variant().read_text(encoding="utf-8")
    path = tmp_path / "crlf.yaml"
    path.write_bytes("\ufeff".encode() + text.replace("\n", "\r\n").encode())
    flow = load_flow(path)
    assert flow.steps[1].line == line_of(variant(), 'no: "②"')


def test_numbers_past_fifty_are_parenthesised():
    from flowmap.flow.model import parse_step_number

    assert [str(n) for n in parse_step_number("(51)(51)'")] == ["(51)", "(51)'"]
    assert parse_step_number("㊿")[0] < parse_step_number("(51)")[0]
    with pytest.raises(ValueError, match="③"):
        parse_step_number("(3)")
