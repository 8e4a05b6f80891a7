"""What a flow author reads: Japanese labels where codes belong, YAML syntax errors at the line of
the fault, no English from the parser or pydantic, and every problem of a file in one run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from flowmap.cli import main
from flowmap.flow.messages import codes_for_label
from flowmap.flow.vocabulary import LABELS

from conftest import line_of

MALFORMED = Path(__file__).parent / "robustness" / "malformed"
# words of ruamel's and pydantic's English messages
ENGLISH = re.compile(r"Input should|Field required|should be|while (scanning|parsing)|found (character|unexpected)|"
                     r"expected|not allowed|is not a|must be|Extra inputs|valid string|greater than")


def validate(path: Path):
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert "Traceback" not in result.output
    return result


@pytest.mark.parametrize("field, old, written, code", [
    ("medium", "    medium: usb\n", "USBメモリ", "usb"),
    ("transport", "    transport: hand_delivery\n", "手渡し", "hand_delivery"),
])
def test_a_japanese_label_where_a_code_belongs_names_the_code(variant, field, old, written, code):
    path = variant((old, f"    {field}: {written}\n"))
    result = validate(path)
    assert result.exit_code == 1
    line = line_of(path, f"{field}: {written}")
    assert re.search(rf":{line}:\d+: '{field}' の値 '{written}' は使えません。コードで書いてください \(もしかして: {code} = ",
                     result.output), result.output


def test_a_safeguard_label_suggests_its_code(variant):
    path = variant(("[locked_bag, encrypted_medium, ledger]", "[locked_bag, 暗号化機能付き記録媒体, ledger]"))
    result = validate(path)
    assert result.exit_code == 1
    line = line_of(path, "暗号化機能付き記録媒体")
    assert f":{line}:" in result.output
    assert "安全対策 '暗号化機能付き記録媒体' は語彙にありません" in result.output
    assert "もしかして: encrypted_medium = 暗号化機能付き記録媒体" in result.output


def test_codes_for_label_exact_part_and_close():
    assert codes_for_label(LABELS["Transport"], "手渡し") == ["hand_delivery"]
    assert codes_for_label(LABELS["Medium"], "ＵＳＢメモリ") == ["usb"]  # full-width letters
    assert codes_for_label(LABELS["PartyKind"], "再委託先") == ["subcontractor"]
    assert codes_for_label(LABELS["Transport"], "宇宙") == []


def test_step_number_written_as_a_number_or_in_parentheses(variant):
    path = variant(('  - no: "⑥"', "  - no: 6"), ('  - no: "⑦"', '  - no: "(7)"'))
    result = validate(path)
    assert result.exit_code == 1
    assert f":{line_of(path, '- no: 6')}:5: 'no' の値 6 は文字列で書いてください。手順番号は ①" in result.output
    seventh = line_of(path, '- no: "(7)"')
    assert f":{seventh}:5: 'no' の値 '(7)' が正しくありません: (7) は丸数字 ⑦ で書いてください" in result.output
    assert not ENGLISH.search(result.output), result.output


def test_tab_in_indentation_is_named_at_its_line(variant):
    path = variant(("    kind: contractor\n", "\tkind: contractor\n"))
    result = validate(path)
    assert result.exit_code == 1
    assert f":{line_of(path, chr(9) + 'kind: contractor')}:1: YAML の書式が正しくありません: 字下げにタブ文字" in result.output


@pytest.mark.parametrize("indent", ["\u3000\u3000\u3000\u3000", "  \u3000 "])
def test_full_width_space_in_indentation_is_named_at_its_line(variant, indent):
    path = variant(("    kind: contractor\n", f"{indent}kind: contractor\n"))
    result = validate(path)
    assert result.exit_code == 1
    line = line_of(path, f"{indent}kind: contractor")
    assert re.search(rf":{line}:\d+: (YAML の書式が正しくありません: )?字下げに全角空白", result.output), result.output
    assert not ENGLISH.search(result.output), result.output


@pytest.mark.parametrize("quote", ['"', "'"])
def test_unclosed_quote_is_reported_where_it_opens(variant, quote):
    path = variant(("    label: 対象者への配布情報の提供\n", f"    label: {quote}対象者への配布情報の提供\n"))
    result = validate(path)
    assert result.exit_code == 1
    line = line_of(path, f"label: {quote}対象者")
    assert f":{line}:12: YAML の書式が正しくありません: 引用符 {quote} が閉じていません" in result.output, result.output


def test_every_problem_of_a_file_in_one_run(variant):
    path = variant(
        ("    kind: contractor\n", "    kind: 委託先\n"),              # shape: label for a code
        ("    medium: usb\n", "    medium: USBメモリ\n"),              # shape, on step ②
        ("    to: residents\n", "    to: residnts\n"),                 # reference, on a later step
        ("[locked_bag, encrypted_medium", "[鍵付きカバン, encrypted_medium"),  # reference: a label
    )
    result = validate(path)
    assert result.exit_code == 1
    out = result.output
    assert f":{line_of(path, 'kind: 委託先')}:" in out
    assert f":{line_of(path, 'medium: USBメモリ')}:" in out
    assert f":{line_of(path, 'to: residnts')}:" in out and "当事者 'residnts' は parties にありません" in out
    assert f":{line_of(path, '[鍵付きカバン')}:" in out and "locked_bag" in out
    assert not ENGLISH.search(out), out


def test_set_aside_entries_cause_no_false_reference_problems(variant):
    # the contractor's kind is wrong: steps naming the contractor must not be reported as
    # referring to an unknown party
    path = variant(("    kind: contractor\n", "    kind: 委託先\n"))
    result = validate(path)
    assert result.exit_code == 1
    assert "parties にありません" not in result.output
    assert len([l for l in result.output.splitlines() if re.match(r".+:\d+:\d+: ", l)]) == 1, result.output


@pytest.mark.parametrize("name", sorted(p.name for p in MALFORMED.iterdir()))
def test_no_english_reaches_the_user(name):
    result = validate(MALFORMED / name)
    assert not ENGLISH.search(result.output), result.output


def test_a_quoted_value_over_two_lines_is_not_taken_for_the_fault(variant):
    # YAML allows a quoted value to go on over lines; the tab further down is the fault
    path = variant(('    label: 対象者への配布情報の提供\n', '    label: "対象者への配布情報\n      の提供"\n'),
                   ("    kind: collect\n", "\tkind: collect\n"))
    result = validate(path)
    assert result.exit_code == 1
    assert f":{line_of(path, chr(9) + 'kind: collect')}:1: YAML の書式が正しくありません: 字下げにタブ文字" in result.output


def test_a_tab_inside_a_block_scalar_is_text(variant):
    path = variant(("    kind: collect\n", "    kind: collect\n    note: |\n      一行目\n      \t二行目(タブで始まる)\n"))
    assert validate(path).exit_code == 0
