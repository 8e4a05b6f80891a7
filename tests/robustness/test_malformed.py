"""The malformed corpus: every file in malformed/ through `flowmap validate`, as a person would.

Each gives exit 1 with the file name, the line of the fault and a message, never a traceback;
the few that are odd but valid (BOM, CRLF, ②'', `yes` as a title) must load with exit 0.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from flowmap.cli import main
from flowmap.flow.loading import FlowError, load_flow
from flowmap.flow.yamlread import MAX_BYTES

HERE = Path(__file__).parent / "malformed"

# file → (exit code, line of the first problem, a fragment the message must contain)
EXPECTED: dict[str, tuple[int, int | None, str]] = {
    "alias-in-flow.yaml": (1, 30, "アンカー・エイリアス"),
    "bad-enum.yaml": (1, 20, "もしかして: provide"),
    "bad-indent.yaml": (1, 10, "YAML の書式"),
    "billion-laughs.yaml": (1, 32, "アンカー・エイリアス"),
    "binary.yaml": (1, 2, "UTF-8"),
    "blank-title.yaml": (0, None, "手順 2"),  # a full-width space: valid, and crashed render
    "bom-crlf-seed.yaml": (0, None, "手順 11"),
    "bom.yaml": (0, None, "手順 2"),
    "bool-as-string.yaml": (0, None, "手順 2"),  # YAML 1.2: `yes` is a string
    "circled-as-key.yaml": (1, 5, "'⑩' という項目はありません"),
    "circled-count.yaml": (1, 6, "'count' の値 '⑩'"),
    "colon-in-plain.yaml": (1, 26, "値に「: 」を含めるなら引用符で囲んで"),
    "comment-only.yaml": (1, 1, "最上位はマッピング"),
    "control-character.yaml": (1, 26, "0x0007"),
    "crlf.yaml": (0, None, "手順 2"),
    "custom-tag.yaml": (1, 6, "タグ !secret は使えません"),
    "deep-nesting-block.yaml": (1, 41, "入れ子が深すぎます"),
    "deep-nesting-flow.yaml": (1, 1, "入れ子が深すぎます"),
    "double-prime-as-id.yaml": (1, 22, "識別子"),
    "double-prime-ok.yaml": (0, None, "手順 2"),
    "duplicate-keys.yaml": (1, 28, "キーが重複しています"),
    "duplicate-top-keys.yaml": (1, 32, "キーが重複しています"),
    "empty.yaml": (1, 1, "ファイルが空です"),
    "float-count.yaml": (1, 6, "'count'"),
    "fullwidth-count.yaml": (1, 6, "'count' の値 '２３０'"),
    "fullwidth-step-number.yaml": (1, 25, "'no' の値 '２' が正しくありません: 手順番号は ①"),
    "huge-key.yaml": (1, 4, "YAML の書式"),
    "huge-string.yaml": (1, 26, "2000"),
    "int-key.yaml": (1, 5, "キー 1 は文字列"),
    "invalid-date.yaml": (1, 5, "'date' の日付 '2024-02-30' が正しくありません"),
    "underscore-number.yaml": (1, 3, "値 0x_ は読めません"),  # crashed ruamel (IndexError)
    "invalid-utf8.yaml": (1, 3, "UTF-8"),
    "list-root.yaml": (1, 1, "最上位はマッピング"),
    "merge-key.yaml": (1, 11, "マージキー"),
    "negative-count.yaml": (1, 6, "'count' の値 -1 は 0 以上にしてください"),
    "nul-character.yaml": (1, 26, "0x0000"),
    "null-document.yaml": (1, 1, "最上位はマッピング"),
    "null-key.yaml": (1, 5, "キーが空です"),
    "ok-tiny.yaml": (0, None, "手順 2"),
    "png-header.yaml": (1, 1, "UTF-8"),
    "prime-garbage.yaml": (1, 25, "丸数字で書いてください"),
    "python-tag.yaml": (1, 26, "'label'"),
    "scalar-root.yaml": (1, 1, "最上位はマッピング"),
    "shift-jis.yaml": (1, 3, "UTF-8"),
    "tab-indent.yaml": (1, 11, "字下げにタブ文字が使われています"),
    "truncated-flow-list.yaml": (1, 59, "[ に対応する ] がない"),
    "truncated-mid-key.yaml": (1, 13, "'kind' の値 (空) は使えません"),
    "truncated-quote.yaml": (1, 25, "引用符 \" が閉じていません"),
    "two-documents.yaml": (1, 32, "書けるフローは 1 つです"),
    "unknown-key.yaml": (1, 24, "'medum' という項目はありません"),
    "unknown-party.yaml": (1, 22, "もしかして: contractor"),
    "unterminated-quote.yaml": (1, 26, "引用符 \" が閉じていません"),
    "whitespace-only.yaml": (1, 1, "ファイルが空です"),
    "wrong-type-items-map.yaml": (1, 23, "'items' はリスト"),
    "wrong-type-label-list.yaml": (1, 26, "'label'"),
    "wrong-type-parties.yaml": (1, 7, "'parties' はリスト"),
    "wrong-type-steps-int.yaml": (1, 17, "'steps' はリスト"),
    # the YAML spec's odd constructs (issue 17): each a located message or a clean load
    "empty-key.yaml": (1, 11, "キーが空です"),  # crashed the error formatter
    "question-mark-key.yaml": (1, 11, "キーが空です"),
    "complex-key.yaml": (1, 11, "キーにリストやマッピングは使えません"),
    "anchor-on-key.yaml": (1, 10, "アンカー・エイリアス"),
    "tag-on-key.yaml": (1, 10, "キー !foo にタグは使えません"),
    "yaml-1-3-directive.yaml": (1, 1, "%YAML 1.3 には対応していません"),  # crashed ruamel (AssertionError)
    "yaml-1-1-no-key.yaml": (1, 20, "キー no は YAML 1.1 では真偽値(False)と読まれます"),
    "yaml-1-1-yes-value.yaml": (1, 5, "'title' の値が真偽値(True)と読まれました"),
    "tag-directive.yaml": (0, None, "手順 2"),
    "document-start-marker.yaml": (0, None, "手順 2"),
    "document-end-marker.yaml": (0, None, "手順 2"),
    "flow-block-mix.yaml": (0, None, "手順 2"),
    "duplicate-anchor.yaml": (0, None, "手順 2"),  # ruamel's warning is not printed
    "scalar-alias.yaml": (1, 5, "アンカー・エイリアス"),  # aliases of scalars amplified messages
    # text a flow may not hold, refused at loading so that no output fails on it later
    "bom-in-middle.yaml": (1, 9, "U+FEFF"),
    "escape-sequence.yaml": (1, 9, "U+001B(制御文字)"),
    "bel-escape.yaml": (1, 9, "U+0007(制御文字)"),
    "c1-control.yaml": (1, 4, "U+009B(制御文字)"),
    "crlf-escape.yaml": (1, 3, "U+000D(制御文字)"),
    "lone-surrogate.yaml": (1, 9, "U+D800(対になっていないサロゲート)"),
    "noncharacter.yaml": (1, 9, "U+FFFE(非文字)"),
    "bidi-override.yaml": (1, 12, "U+202E"),
    "newline-in-name.yaml": (0, None, "手順 2"),  # allowed; shown on one line wherever echoed
}


def test_every_corpus_file_has_an_expectation():
    assert sorted(p.name for p in HERE.iterdir()) == sorted(EXPECTED)


def _validate(*args: str):
    return CliRunner().invoke(main, ["validate", *args], catch_exceptions=False)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_file(name: str):
    code, line, fragment = EXPECTED[name]
    path = str(HERE / name)
    result = _validate(path)
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "Traceback" not in output and "Warning" not in output
    assert result.exit_code == code, output
    assert fragment in output
    if code:
        first = re.search(rf"^{re.escape(path)}:(\d+):(\d+): \S", output, re.M)
        assert first, output
        assert int(first.group(1)) == line
    else:
        assert f"OK {path}" in output


def test_too_large_file(tmp_path: Path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"notes:\n" + b"  - " + b"x" * (MAX_BYTES + 10) + b"\n")
    result = _validate(str(big))
    assert result.exit_code == 1
    assert f"{big}:1:1: ファイルが大きすぎます" in result.output
    assert "Traceback" not in result.output


def test_directory_where_a_file_is_expected(tmp_path: Path):
    folder = tmp_path / "flow.yaml"
    folder.mkdir()
    with pytest.raises(FlowError) as err:
        load_flow(folder)
    assert str(err.value).startswith(f"{folder}:1:1: フォルダです")
    # given to the CLI, a folder is searched; an empty one is a usage error, not a crash
    result = _validate(str(folder))
    assert result.exit_code == 2
    assert "見つかりません" in result.output
    assert "Traceback" not in result.output


def test_a_folder_of_bad_files_reports_each_and_counts(tmp_path: Path):
    for name in ("empty.yaml", "merge-key.yaml", "ok-tiny.yaml"):
        (tmp_path / name).write_bytes((HERE / name).read_bytes())
    result = _validate("-j", "2", str(tmp_path))
    assert result.exit_code == 1
    assert f"{tmp_path / 'empty.yaml'}:1:1: ファイルが空です" in result.output
    assert f"{tmp_path / 'merge-key.yaml'}:11:5: マージキー" in result.output
    assert f"OK {tmp_path / 'ok-tiny.yaml'}" in result.output
    assert "2 / 3 ファイルに誤りがあります" in result.output


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fast_path_and_reference_parser_agree(name: str):
    """The libyaml fast path reads a corpus file exactly as ruamel does, or leaves it to ruamel."""
    from flowmap.flow.fastyaml import fast_parse
    from flowmap.flow.yamlread import MAX_DEPTH, _parse_ruamel

    try:
        text = (HERE / name).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return  # refused before either parser sees it
    positions: dict = {}
    fast = fast_parse(text, positions, MAX_DEPTH)
    try:
        slow, slow_positions = _parse_ruamel(text, name)
    except FlowError:
        assert fast is None, f"the fast path read what ruamel refuses: {fast!r}"
        return
    if fast is not None:
        assert fast == slow and positions == slow_positions.at
