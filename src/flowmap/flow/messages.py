"""What a flow author reads when a file is wrong: YAML syntax errors and pydantic's validation
errors reworded in Japanese, at the line of the fault, with what to write instead.

No English from the parser or from pydantic reaches the user: every kind of error has its own
sentence here, and an unknown kind gets a plain Japanese one.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Iterable, Iterator

from flowmap.flow.vocabulary import LABELS, SAFEGUARDS

INDENT_CHARS = " \t\u3000"


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A "did you mean" hint for a misspelt id or label (empty when nothing is close)."""
    close = difflib.get_close_matches(word, list(candidates), n=3, cutoff=0.6)
    return f"(もしかして: {'、'.join(close)})" if close else ""


def _plain_text(text: str) -> str:
    return re.sub(r"[\s・、,()()]", "", unicodedata.normalize("NFKC", text)).lower()


def codes_for_label(labels: dict[str, str], written: str) -> list[str]:
    """The codes whose Japanese label is what the author wrote (exactly, as a part, or close):
    手渡し → hand_delivery, 暗号化機能付き記録媒体 → encrypted_medium."""
    if not written.strip():
        return []
    want = _plain_text(written)
    plain = {code: _plain_text(label) for code, label in labels.items()}
    exact = [code for code, label in plain.items() if label == want]
    if exact:
        return exact
    if len(want) >= 2:
        parts = [code for code, label in plain.items() if want in label or (len(label) >= 2 and label in want)]
        if parts:
            return parts[:3]
    by_label = {label: code for code, label in plain.items()}
    return [by_label[label] for label in difflib.get_close_matches(want, list(by_label), n=2, cutoff=0.6)]


def label_hint(labels: dict[str, str], written: str) -> str:
    """(もしかして: usb = USBメモリ) when a Japanese label was written where a code belongs."""
    codes = codes_for_label(labels, written)
    if not codes:
        return ""
    return f"(もしかして: {'、'.join(f'{c} = {labels[c]}' for c in codes)})"


def safeguard_hint(written: str) -> str:
    """The closest safeguard codes, by code or by Japanese label (in the words loaded under)."""
    by_label = (label_hint({code: _said("Safeguard", code, s.label) for code, s in SAFEGUARDS.items()}, written)
                or label_hint({code: s.label for code, s in SAFEGUARDS.items()}, written))
    return by_label or did_you_mean(written, SAFEGUARDS)


# the municipality's words (a profile's Words) while a file is read under it, so that the labels
# in its messages are its own (市民・本人, not 区民・本人)
_WORDS: ContextVar[Any] = ContextVar("flowmap_words", default=None)


@contextmanager
def in_words(words: Any) -> Iterator[None]:
    """Say vocabulary labels in ``words`` (a profile's Words; None: the vocabulary's own)."""
    token = _WORDS.set(words)
    try:
        yield
    finally:
        _WORDS.reset(token)


def _said(vocabulary: str, code: str, label: str) -> str:
    """A vocabulary label as the municipality being read says it."""
    words = _WORDS.get()
    return label if words is None else words.said(vocabulary, code, label)


# --- YAML syntax ---------------------------------------------------------------------------------


_BLOCK_SCALAR = re.compile(r"(?:^|:|-)\s*[|>][-+0-9]*\s*(?:#.*)?$")
_OPENING_QUOTE = re.compile(r"""(?:^\s*-\s+|:\s+|[\[{,]\s*)(["'])""")


def _closes(rest: str, quote: str) -> bool:
    """Whether a quoted value that opened just before ``rest`` closes on the same line."""
    if quote == '"':
        return re.search(r'(?<!\\)(?:\\\\)*"', rest) is not None
    return re.search(r"'(?!')", rest.replace("''", "")) is not None


def _line_fault(source: str) -> tuple[int, str] | None:
    """(1-based column, message) for a tab or full-width space in the indentation of a line, or
    a quoted value that does not close on its line."""
    indent = source[: len(source) - len(source.lstrip(INDENT_CHARS))]
    for column, char in enumerate(indent, 1):
        if char == "\t":
            return column, "字下げにタブ文字が使われています。半角スペースで字下げしてください"
        if char == "\u3000":
            return column, "字下げに全角空白(　)が使われています。半角スペースで字下げしてください"
    if source.lstrip().startswith("#"):
        return None
    opening = _OPENING_QUOTE.search(source)
    if opening and not _closes(source[opening.end():], opening.group(1)):
        quote = opening.group(1)
        return opening.start(1) + 1, f"引用符 {quote} が閉じていません。値の終わりに同じ引用符 {quote} を書いてください"
    return None


def _closed_later(text: str, line: int, column: int, upto: int) -> bool:
    """Whether a quoted value opened at (line, column) closes on a later line before ``upto``
    (YAML allows a quoted value over several lines: then it is not the fault)."""
    lines = text.split("\n")
    rest = "\n".join([lines[line - 1][column:], *lines[line:upto - 1]])
    return _closes(rest, lines[line - 1][column - 1])


def _first_fault(text: str, upto: int) -> tuple[int, int, str] | None:
    """The first line up to ``upto`` whose indentation or quoting is wrong, outside block
    scalars (| and >, whose lines are text): where a parse error that surfaced later began."""
    block_parent: int | None = None
    for number, source in enumerate(text.split("\n")[:upto], 1):
        spaces = len(source) - len(source.lstrip(" "))
        if block_parent is not None:
            if not source.strip() or spaces > block_parent:
                continue
            block_parent = None
        fault = _line_fault(source)
        if fault and not (fault[1].startswith("引用符") and _closed_later(text, number, fault[0], upto)):
            return number, fault[0], fault[1]
        if _BLOCK_SCALAR.search(source.split(" #")[0].rstrip()):
            block_parent = spaces
    return None


_CANNOT_START = re.compile(r"found character '(.+)' that cannot start any token")
_DUPLICATE = re.compile(r'found duplicate key "(.*?)"')


# what the parser says (a part of its sentence) → at the start of the construct?, the message
_PARSER_SAYS = [
    ("mapping values are not allowed", False,
     "ここに「: 」は書けません。値に「: 」を含めるなら引用符で囲んでください(字下げのずれでも起きます)"),
    ("could not find expected ':'", True, "「キー: 値」の「:」が見つかりません。字下げと「:」の後の半角スペースを確認してください"),
    ("flow sequence", True, "[ に対応する ] がないか、要素の間の「,」が抜けています"),
    ("flow mapping", True, "{ に対応する } がないか、要素の間の「,」が抜けています"),
    ("single document", False, "1 つのファイルに書けるフローは 1 つです。「---」以降を別のファイルにしてください"),
    ("alias", False, "アンカー・エイリアス(& と *)は使えません。内容を書き写してください"),
    ("expected <block", False, "字下げがそろっていません。同じ階層の行は同じ数の半角スペースで始めてください"),
    ("end of stream", False, "ファイルが途中で終わっています。最後の行を確認してください"),
]


def yaml_syntax_message(context: str, problem: str, text: str,
                        problem_at: tuple[int, int], context_at: tuple[int, int] | None) -> tuple[int, int, str]:
    """(line, column, Japanese message) for a YAML parser error, placed where the fault is
    (the opening quote of an unclosed string, the line indented with a tab) rather than where
    the parser gave up."""
    fault = _first_fault(text, problem_at[0])
    if fault:
        return fault[0], fault[1], f"YAML の書式が正しくありません: {fault[2]}"
    line, col = problem_at
    said = f"{context} {problem}"
    if match := _CANNOT_START.search(said):
        char = match.group(1)
        if char == "\\t":
            what = "タブ文字は使えません。字下げや区切りには半角スペースを使ってください"
        else:
            what = f"文字 {char} は値の先頭に書けません。文字列なら引用符(\")で囲んでください"
    elif "quoted scalar" in said and context_at:
        line, col = context_at
        quote = text.split("\n")[line - 1][col - 1: col] or '"'
        what = f"引用符 {quote} が閉じていません。値の終わりに同じ引用符 {quote} を書いてください"
    elif match := _DUPLICATE.search(said):
        what = f"キーが重複しています: '{match.group(1)}' が同じ階層に 2 回あります。1 つにまとめてください"
    else:
        found = next((entry for entry in _PARSER_SAYS if entry[0] in said), None)
        if found is None:
            what = "この行の字下げや記号(: - [ ] { } 引用符)を確認してください"
        else:
            what = found[2]
            if found[1] and context_at:  # said where it began (the key, the opening bracket)
                line, col = context_at
    return line, col, f"YAML の書式が正しくありません: {what}"


# --- pydantic errors -----------------------------------------------------------------------------

FIELD_HINTS = {
    "no": "手順番号は ①、②'、③③' のように丸数字で書いてください",
}


def _vocabulary_labels(allowed: list[str], own_words: bool = True) -> dict[str, str]:
    """The Japanese labels of an enum's codes, found by the set of codes pydantic lists, in the
    words of the municipality being read (``own_words``) or the vocabulary's own."""
    candidates = [(name, labels) for name, labels in LABELS.items() if set(allowed) <= set(labels)]
    candidates.sort(key=lambda found: len(found[1]))  # the vocabulary itself before a larger one
    if candidates:
        name, labels = candidates[0]
        return {code: _said(name, code, labels[code]) if own_words else labels[code] for code in allowed}
    return {code: code for code in allowed}


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    if value is None:
        return "(空)"
    if isinstance(value, (dict, list)):
        return "マッピング" if isinstance(value, dict) else "リスト"
    return str(value)


def _allowed_keys(model: type | None, path: tuple) -> list[str]:
    """The keys a model allows at ``path`` (for もしかして on a misspelt key)."""
    for part in path:
        if model is None:
            return []
        if isinstance(part, int):
            continue
        field = next((f for name, f in model.model_fields.items() if (f.alias or name) == part), None)
        model = _node_type(field.annotation) if field else None
    if model is None or not hasattr(model, "model_fields"):
        return []
    return [f.alias or name for name, f in model.model_fields.items()]


def _node_type(annotation: Any) -> type | None:
    """The model class inside list[...], X | None, Annotated[...]."""
    if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _node_type(arg)
            if found is not None:
                return found
    return None


def explain(error: dict[str, Any], path: tuple, model: type | None = None) -> str:
    """One pydantic error in words a flow author can act on (``path`` is the YAML path)."""
    kind, ctx = error["type"], error.get("ctx") or {}
    field = next((str(p) for p in reversed(path) if isinstance(p, str)), "")
    given = error.get("input")
    hint = FIELD_HINTS.get(field, "")
    if kind == "missing":
        return f"必須の項目 '{field}' がありません。追加してください"
    if kind == "extra_forbidden":
        if not field:
            return "キーが空です(\"\")。キーを書いてください"
        if field[:1] in INDENT_CHARS:
            return "字下げに全角空白(　)やタブが使われています。半角スペースで字下げしてください"
        close = did_you_mean(field, _allowed_keys(model, path[:-1]))
        return f"'{field}' という項目はありません(綴りを確認してください) {close}".rstrip()
    if kind == "enum":
        allowed = [a.strip(" '") for a in str(ctx.get("expected", "")).replace(" or ", ", ").split(",")]
        labels = _vocabulary_labels(allowed)
        # the label in the file's own words, else in the vocabulary's (区 where the baseline says 実施機関)
        by_label = (label_hint(labels, given) or label_hint(_vocabulary_labels(allowed, own_words=False), given)
                    if isinstance(given, str) else "")
        if by_label:  # a Japanese label where its code belongs: name the code, nothing more
            return f"'{field}' の値 {_shown(given)} は使えません。コードで書いてください {by_label}"
        listed = "、".join(f"{code}({labels[code]})" if labels[code] != code else code for code in allowed)
        close = did_you_mean(str(given), allowed)
        return f"'{field}' の値 {_shown(given)} は使えません。使える値: {listed} {close}".rstrip()
    if kind == "string_pattern_mismatch":
        return f"'{field}' の値 {_shown(given)} は英小文字・数字・'-'・'_' の識別子で書いてください"
    if kind == "string_type" and isinstance(given, (dict, list)):
        return f"'{field}' は文字列で書いてください({_shown(given)}が書かれています)"
    if kind == "string_type" and isinstance(given, bool):
        return (f"'{field}' の値が真偽値({given})と読まれました。%YAML 1.1 では yes/no/on/off なども"
                "真偽値になります。文字列なら引用符(\")で囲んでください")
    if kind == "string_type":
        tail = hint or "数字や true などは引用符(\")で囲むと文字列になります"
        return f"'{field}' の値 {_shown(given)} は文字列で書いてください。{tail}"
    if kind == "string_too_short":
        return f"'{field}' が空です。値を書いてください"
    if kind == "string_too_long":
        return f"'{field}' が長すぎます({ctx.get('max_length')} 文字まで)"
    if kind == "too_short":
        return f"'{field}' には少なくとも {ctx.get('min_length')} 件書いてください"
    if kind == "too_long":
        return f"'{field}' は {ctx.get('max_length')} 件までです"
    if kind.startswith("date"):
        return f"'{field}' の日付 {_shown(given)} が正しくありません。YYYY-MM-DD で書いてください(例: \"2024-07-01\")"
    if kind.startswith(("int", "float", "decimal", "finite")):
        return f"'{field}' の値 {_shown(given)} は整数(半角数字)で書いてください"
    bounds = {"greater_than_equal": ("ge", "以上に"), "greater_than": ("gt", "より大きく"),
              "less_than_equal": ("le", "以下に"), "less_than": ("lt", "より小さく")}
    if kind in bounds:
        key, word = bounds[kind]
        return f"'{field}' の値 {_shown(given)} は {ctx.get(key)} {word}してください"
    if kind.startswith("bool"):
        return f"'{field}' の値 {_shown(given)} は true か false で書いてください"
    if kind == "literal_error":
        return f"'{field}' の値 {_shown(given)} は使えません。使える値: {ctx.get('expected', '')}"
    if kind in ("list_type", "tuple_type", "set_type"):
        return f"'{field}' はリスト(- で始まる行)で書いてください"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"'{field}' はマッピング(キー: 値)で書いてください"
    if kind == "value_error":  # the model's own validators word their message in Japanese
        return f"'{field}' の値 {_shown(given)} が正しくありません: {ctx.get('error', '')}".rstrip(": ")
    return f"'{field}' の値 {_shown(given)} が正しくありません" + (f"。{hint}" if hint else "")
