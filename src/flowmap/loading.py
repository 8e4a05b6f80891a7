"""Loading: YAML text → validated models, every error with file:line:column and what to fix.

ruamel.yaml keeps the position of every key and list entry; pydantic validates the shape; the
reference checks in ``flowmap.references`` validate what spans the file. Whatever goes wrong, the
caller gets a ``FlowError`` listing ``Problem`` values, never a traceback.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from flowmap.model import Flow, Node

MAX_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 40
M = TypeVar("M", bound=BaseModel)
YamlPath = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, located for the person who must fix it."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class FlowError(Exception):
    """A file that cannot be used; ``problems`` says where and why."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(map(str, self.problems)))


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A "did you mean" hint for a misspelt id or label (empty when nothing is close)."""
    close = difflib.get_close_matches(word, list(candidates), n=3, cutoff=0.6)
    return f"(もしかして: {'、'.join(close)})" if close else ""


# --- YAML with positions -------------------------------------------------------------------


class _Positions:
    """Where each path of a YAML document sits: key line for mapping entries, item line for lists."""

    def __init__(self) -> None:
        self.at: dict[YamlPath, tuple[int, int]] = {}

    def find(self, path: Iterable[str | int]) -> tuple[int, int]:
        """The position of the longest known prefix of ``path`` (1-based line and column)."""
        path = tuple(path)
        for end in range(len(path), -1, -1):
            if path[:end] in self.at:
                line, col = self.at[path[:end]]
                return line + 1, col + 1
        return 1, 1


def _plain(node: Any, path: YamlPath, positions: _Positions, seen: set[int], depth: int) -> Any:
    """Copy ruamel's tree into plain dicts/lists, recording positions, refusing aliases."""
    if depth > MAX_DEPTH:
        raise _Located(path, f"入れ子が深すぎます({MAX_DEPTH}段まで)。構造を見直してください")
    if isinstance(node, (CommentedMap, CommentedSeq)):
        if id(node) in seen:
            raise _Located(path, "アンカー・エイリアス(& と *)は使えません。内容を書き写してください")
        seen.add(id(node))
    if isinstance(node, CommentedMap):
        out = {}
        for key in node:
            if not isinstance(key, str):
                line, col = node.lc.key(key)
                positions.at[path + (str(key),)] = (line, col)
                raise _Located(path + (str(key),), f"キー {key!r} は文字列で書いてください")
            positions.at[path + (key,)] = node.lc.key(key)
            out[key] = _plain(node[key], path + (key,), positions, seen, depth + 1)
        return out
    if isinstance(node, CommentedSeq):
        out_list = []
        for index, value in enumerate(node):
            positions.at[path + (index,)] = node.lc.item(index)
            out_list.append(_plain(value, path + (index,), positions, seen, depth + 1))
        return out_list
    if isinstance(node, str):
        return str(node)  # ruamel's scalar string subclasses → plain str
    return node


class _DatesAsText(RoundTripConstructor):
    """Keeps dates as text so that pydantic, not the YAML parser, judges them (with a line)."""


_DatesAsText.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda constructor, node: constructor.construct_scalar(node)
)


class _Located(Exception):
    def __init__(self, path: YamlPath, message: str):
        self.path, self.message = path, message


def parse_yaml(data: bytes, file: str) -> tuple[Any, _Positions]:
    """Parse bytes as YAML into plain data, or raise FlowError with the line of the fault."""
    if len(data) > MAX_BYTES:
        raise FlowError([Problem(file, 1, 1, f"ファイルが大きすぎます({len(data):,} バイト、上限 {MAX_BYTES:,})")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise FlowError([Problem(file, line, 1, "UTF-8 として読めない文字があります。UTF-8 で保存し直してください")]) from None
    if not text.strip():
        raise FlowError([Problem(file, 1, 1, "ファイルが空です")])
    yaml = YAML(typ="rt")
    yaml.Constructor = _DatesAsText
    yaml.allow_duplicate_keys = False
    try:
        document = yaml.load(text)
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(filter(None, [err.context, err.problem])).strip()
        if "duplicate key" in what:
            what = f"キーが重複しています: {what}"
        raise FlowError([Problem(file, line, col, f"YAML の書式が正しくありません: {what}")]) from None
    except (YAMLError, RecursionError, ValueError) as err:
        raise FlowError([Problem(file, 1, 1, f"YAML として読めません: {err}")]) from None
    positions = _Positions()
    try:
        plain = _plain(document, (), positions, set(), 0)
    except _Located as err:
        line, col = positions.find(err.path)
        raise FlowError([Problem(file, line, col, err.message)]) from None
    if not isinstance(plain, dict):
        raise FlowError([Problem(file, 1, 1, "ファイルの最上位はマッピング(キー: 値)でなければなりません")])
    return plain, positions


# --- pydantic errors, in words a flow author can act on -------------------------------------


def _explain(error: dict[str, Any]) -> str:
    kind, loc, ctx = error["type"], error["loc"], error.get("ctx") or {}
    field = next((str(p) for p in reversed(loc) if isinstance(p, str) and not p[0].isupper()), "")
    given = error.get("input")
    if kind == "missing":
        return f"必須の項目 '{field}' がありません。追加してください"
    if kind == "extra_forbidden":
        return f"'{field}' という項目はありません(綴りを確認してください)"
    if kind == "enum":
        allowed = [a.strip(" '") for a in str(ctx.get("expected", "")).replace(" or ", ", ").split(",")]
        hint = did_you_mean(str(given), allowed)
        return f"'{field}' の値 {given!r} は使えません。使える値: {', '.join(allowed)} {hint}".rstrip()
    if kind == "string_pattern_mismatch":
        return f"'{field}' の値 {given!r} は英小文字・数字・'-'・'_' の識別子で書いてください"
    if kind.startswith("date"):
        return f"'{field}' の日付 {given!r} が正しくありません。YYYY-MM-DD で書いてください"
    if kind.startswith("int") or kind.startswith("bool"):
        return f"'{field}' の値 {given!r} の型が違います: {error['msg']}"
    if kind in ("list_type", "dict_type", "model_type", "model_attributes_type"):
        shape = "リスト(- で始まる行)" if kind == "list_type" else "マッピング(キー: 値)"
        return f"'{field}' は{shape}で書いてください"
    if kind in ("string_type", "string_too_short", "too_short", "string_too_long"):
        return f"'{field}' の値が正しくありません: {error['msg']}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return f"'{field}': {error['msg']}"


def _clean_loc(loc: tuple) -> YamlPath:
    """Drop pydantic's union-branch tags ('str', 'FreeSafeguard') so the path maps to YAML."""
    return tuple(p for p in loc if isinstance(p, int) or (p and not p[0].isupper() and p != "str"))


def _set_lines(node: Any, path: YamlPath, positions: _Positions) -> None:
    """Give every model node the line it came from, so findings can cite it."""
    if isinstance(node, Node):
        node._line = positions.find(path)[0]
        for name, field in type(node).model_fields.items():
            _set_lines(getattr(node, name), path + (field.alias or name,), positions)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _set_lines(value, path + (index,), positions)


def validate_data(model: type[M], data: dict, positions: _Positions, file: str) -> M:
    try:
        instance = model.model_validate(data)
    except ValidationError as err:
        problems = []
        for error in err.errors():
            line, col = positions.find(_clean_loc(error["loc"]))
            problems.append(Problem(file, line, col, _explain(error)))
        # a union reports each branch; keep one message per line and text
        raise FlowError(set(problems)) from None
    _set_lines(instance, (), positions)
    return instance


def load_model(model: type[M], data: bytes, file: str) -> M:
    """Parse and validate any flowmap model (flows, clause sets) from bytes."""
    plain, positions = parse_yaml(data, file)
    return validate_data(model, plain, positions, file)


def _todo_warnings(data: Any, path: YamlPath, positions: _Positions, file: str) -> Iterable[Problem]:
    """Strings that start with TODO: the marks an imported draft leaves for a person to fill in."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _todo_warnings(value, path + (key,), positions, file)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _todo_warnings(value, path + (index,), positions, file)
    elif isinstance(data, str) and data.lstrip().upper().startswith("TODO"):
        line, col = positions.find(path)
        yield Problem(file, line, col, f"未確定(TODO): {data}")


def load_flow(path: str | Path, display: str | None = None) -> Flow:
    """Load and fully check one flow file. ``display`` is the name used in messages."""
    from flowmap.references import check_references

    file = display or str(path)
    path = Path(path)
    if path.is_dir():
        raise FlowError([Problem(file, 1, 1, "フォルダです。フローのファイル(.yaml)を指定してください")])
    try:
        data = path.read_bytes()
    except OSError as err:
        raise FlowError([Problem(file, 1, 1, f"読み込めません: {err.strerror or err}")]) from None
    plain, positions = parse_yaml(data, file)
    flow = validate_data(Flow, plain, positions, file)
    problems = [
        Problem(file, *positions.find(where), message) for where, message in check_references(flow)
    ]
    if problems:
        raise FlowError(problems)
    flow._source = file
    flow._warnings = tuple(sorted(_todo_warnings(plain, (), positions, file)))
    return flow


def flow_files(paths: Iterable[str | Path]) -> list[Path]:
    """The flow files named by ``paths``: files as given, folders searched for *.yaml/*.yml."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()))
        else:
            found.append(path)
    return found
