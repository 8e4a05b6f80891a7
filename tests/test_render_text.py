"""Label text: display width, Japanese-aware wrapping, escaping for DOT and HTML-like labels."""

from __future__ import annotations

from hypothesis import given, strategies as st

from flowmap.render.text import html, quote, wrap
from flowmap.output.textwidth import display_width


def test_full_width_characters_count_two_columns():
    assert display_width("USB") == 3
    assert display_width("手渡し") == 6
    assert display_width("①") == 2  # ambiguous width: full-width in a Japanese font
    assert display_width("ＵＳＢ") == 6


def test_wrap_is_by_display_width_not_character_count():
    text = "契約終了後対象者情報対応記録データの返却について"  # 24 characters, 48 columns
    lines = wrap(text, 20)
    assert all(display_width(line) <= 20 for line in lines)
    assert len(lines) >= 3  # by character count it would have been 2 lines of 20 characters
    ascii_lines = wrap("abcd " * 10, 20)
    assert len(ascii_lines) == 3  # 50 columns of ASCII fit in 3 lines of 20


def test_wrap_keeps_ascii_words_and_kinsoku():
    lines = wrap("暗号化機能付きUSBメモリで手渡しする", 16)
    assert any("USB" in line for line in lines) and not any(line.endswith("US") for line in lines)
    lines = wrap("あいうえおかきくけこ、さしすせそ", 20)
    assert not any(line.startswith("、") for line in lines)
    lines = wrap("あいうえおかきくけ（さしすせそ）", 20)
    assert not any(line.endswith("（") for line in lines)


def test_wrap_breaks_after_commas_and_where_words_meet():
    assert wrap("契約終了後、対象者情報、対応記録データの返却", 20)[0] == "契約終了後、"
    assert wrap("未配達・再配達の手続き", 20) == ["未配達・", "再配達の手続き"]
    assert wrap("新宿区の住民基本台帳に記録されている住民", 28) == ["新宿区の住民基本台帳に", "記録されている住民"]
    assert wrap("りらいあコミュニケーションズ株式会社", 28) == ["りらいあコミュニケーションズ", "株式会社"]
    assert wrap("区で調達した携帯トイレ等を梱包資材に梱包", 21) == ["区で調達した", "携帯トイレ等を", "梱包資材に梱包"]


@given(st.text(min_size=1, max_size=80))
def test_wrap_loses_no_visible_character(text):
    kept = "".join(wrap(text, 12)).replace(" ", "")
    expected = "".join(ch for ch in text if not ch.isspace() and ord(ch) >= 32 and ord(ch) != 127)
    assert kept == expected


def test_html_escapes_markup_quotes_and_backslashes():
    assert html('<b>&"\'\\N') == "&lt;b&gt;&amp;&quot;'&#92;N"
    assert "\n" not in html("a\nb")


def test_quote_makes_a_single_dot_string():
    assert quote('a"b\\c') == '"a\\"b\\\\c"'


def test_pack_keeps_short_pieces_whole_and_side_by_side():
    from flowmap.render.text import pack

    # (月1回)(ファイル転送サービス・回線) is 34 columns: each piece on its own line, none split
    assert pack(["(月1回)", "(ファイル転送サービス・回線)", "(パスワード: 電話)"], 32) == [
        "(月1回)", "(ファイル転送サービス・回線)", "(パスワード: 電話)"]
    assert pack(["(随時)", "(紙・手渡し)"], 32) == ["(随時)(紙・手渡し)"]
    long = "(発行日(5日・15日・25日、1月は1日・15日・25日)に合わせ、発行日翌日まで)"
    assert all(display_width(line) <= 32 for line in pack([long], 32)) and len(pack([long], 32)) > 1
