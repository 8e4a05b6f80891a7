"""Reading YAML into validated models, every error with file:line:column and what to fix.

ruamel.yaml keeps the position of every key and list entry; pydantic validates the shape.
Flows, clause sets and profiles are all read through ``load_model``; whatever goes wrong, the
caller gets a ``FlowError`` listing ``Problem`` values, never a traceback.
"""

from __future__ import annotations

import functools
import re
import warnings
from dataclasses import dataclass
from typing import Any, Iterable, TypeVar

from pydantic import BaseModel, ValidationError

from flowmap.flow.fastyaml import fast_parse, plain_scalars, too_deep
from flowmap.flow.messages import did_you_mean, explain, yaml_syntax_message  # noqa: F401 (did_you_mean re-exported)

from flowmap.flow.model import Node
from flowmap.flow.text import MAY_HOLD_REFUSED, refused_text
from flowmap.output.escape import terminal

MAX_BYTES = 8 * 1024 * 1024  # a real submission is a few KB; a 16,000-step flow ~4.4 MB
MAX_DEPTH = 40
MAX_PROBLEMS = 200  # a file with more is shown the first ones: messages stay bounded by the file
_VERSION = re.compile(r"^%YAML[ \t]+(\S*)", re.M)
_MORE = re.compile(r"ほかに (\d+) 件の問題があります")
M = TypeVar("M", bound=BaseModel)
R = TypeVar("R")
YamlPath = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, located for the person who must fix it."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        # one terminal line whatever the file name or the echoed text holds (no forged lines)
        return terminal(f"{self.file}:{self.line}:{self.column}: {self.message}")


class FlowError(Exception):
    """A file that cannot be used; ``problems`` says where and why."""

    def __init__(self, problems: Iterable[Problem]):
        shown, hidden = [], 0
        for problem in problems:  # a note of an earlier cap (the error re-raised with more) counts on
            more = _MORE.match(problem.message)
            if more:
                hidden += int(more.group(1))
            else:
                shown.append(problem)
        shown.sort()
        hidden += max(0, len(shown) - MAX_PROBLEMS)  # bounded by the file, not by what it repeats
        self.problems = shown[:MAX_PROBLEMS]
        if hidden and self.problems:
            self.problems.append(Problem(self.problems[0].file, self.problems[-1].line, 1,
                                         f"ほかに {hidden} 件の問題があります(最初の {MAX_PROBLEMS} 件だけを表示しています)"))
        super().__init__("\n".join(map(str, self.problems)))

    def __reduce__(self):
        # so that the error crosses process boundaries (load_flows) with its problems intact
        return (type(self), (self.problems,))


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


_ALIAS = "アンカー・エイリアス(& と *)は使えません。内容を書き写してください"


def _anchored(node: Any) -> bool:
    anchor = getattr(node, "anchor", None)
    return getattr(anchor, "value", None) is not None


def _plain(node: Any, path: YamlPath, positions: _Positions, seen: set[int], depth: int, lines: list[str]) -> Any:
    """Copy ruamel's tree into plain dicts/lists, recording positions, refusing aliases (an
    alias is the same object as its anchored node, scalars included: no amplification)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar  # slow path only

    if depth > MAX_DEPTH:
        raise _Located(path, f"入れ子が深すぎます({MAX_DEPTH}段まで)。構造を見直してください")
    if isinstance(node, (CommentedMap, CommentedSeq)) or _anchored(node):
        if id(node) in seen:
            raise _Located(path, _ALIAS)
        seen.add(id(node))
    if isinstance(node, CommentedMap):
        if node.merge:  # merged keys have no position of their own
            raise _Located(path, "マージキー(<<)は使えません。内容を書き写してください")
        out = {}
        for key in node:
            if not isinstance(key, str) or _anchored(key):
                line, col = node.lc.key(key)
                positions.at[path + (str(key),)] = (line, col)
                raise _Located(path + (str(key),), _key_message(key, lines[line][col:] if line < len(lines) else ""))
            positions.at[path + (key,)] = node.lc.key(key)
            out[key] = _plain(node[key], path + (key,), positions, seen, depth + 1, lines)
        return out
    if isinstance(node, CommentedSeq):
        out_list = []
        for index, value in enumerate(node):
            positions.at[path + (index,)] = node.lc.item(index)
            out_list.append(_plain(value, path + (index,), positions, seen, depth + 1, lines))
        return out_list
    if isinstance(node, TaggedScalar):
        raise _Located(path, f"タグ {node.tag.value} は使えません。タグを外して値だけを書いてください")
    if isinstance(node, str):
        return str(node)  # ruamel's scalar string subclasses → plain str
    return node


def _key_message(key: Any, source: str) -> str:
    """Why a key is not a plain string, in the words of the file."""
    word = re.match(r"[^:#,\]}\s]*", source.lstrip("? ")).group() or repr(key)
    if key is None:
        return "キーが空です。キーを書いてください"
    if isinstance(key, bool):  # only under %YAML 1.1: no, yes, off, on, n, y …
        return (f"キー {word} は YAML 1.1 では真偽値({key})と読まれます。"
                f"文字列のキーにするには引用符で囲んでください(\"{word}\")")
    if _anchored(key):
        return _ALIAS
    if type(key).__name__ == "TaggedScalar":
        return f"キー {word} にタグは使えません。タグを外してください"
    if isinstance(key, (tuple, list, dict)) or type(key).__name__.startswith("Commented"):
        return "キーにリストやマッピングは使えません。文字列のキーにしてください"
    return f"キー {word} は文字列で書いてください(文字列なら引用符で囲んでください)"


@functools.cache
def _dates_as_text() -> type:
    """A constructor that keeps dates as text so that pydantic, not the YAML parser, judges
    them (with a line). Built on first use, so that ruamel is imported only when needed."""
    from ruamel.yaml.constructor import RoundTripConstructor

    class _DatesAsText(RoundTripConstructor):
        pass

    _DatesAsText.add_constructor(
        "tag:yaml.org,2002:timestamp", lambda constructor, node: constructor.construct_scalar(node)
    )
    return _DatesAsText


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
    positions = _Positions()
    plain = fast_parse(text, positions.at, MAX_DEPTH)
    if plain is None:
        plain, positions = _parse_ruamel(text, file)
    if not isinstance(plain, dict):
        raise FlowError([Problem(file, 1, 1, "ファイルの最上位はマッピング(キー: 値)でなければなりません")])
    if MAY_HOLD_REFUSED.search(text):  # only an escape or a rare character can bring one in
        problems = [Problem(file, *positions.find(path), message) for path, message in refused_text(plain)]
        if problems:
            raise FlowError(problems)
    return plain, positions


def _unreadable_value(text: str) -> tuple[int, int, str] | None:
    """The first plain scalar ruamel cannot construct (2024-02-30, -_, 0x_), with its place.

    ruamel's constructor raises without a position; libyaml's events give each scalar's place,
    and ruamel itself, given that scalar alone, says whether it is the one."""
    from ruamel.yaml import YAML

    for value, line, col in plain_scalars(text):
        yaml = YAML(typ="rt")
        yaml.Constructor = _dates_as_text()
        try:
            yaml.load(f"{value}\n")
        except (ValueError, IndexError, OverflowError):
            return line + 1, col + 1, value
        except Exception:  # noqa: BLE001 - any other complaint is not this one
            continue
    return None


def _line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character index."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _parse_ruamel(text: str, file: str) -> tuple[Any, _Positions]:
    """The reference reader: ruamel's round-trip loader, which words every YAML error.

    Imported here, not at the top: most files never need it, and `flowmap` starts faster."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    directive = _VERSION.search(text)
    if directive and directive.group(1) not in ("1.1", "1.2"):
        line, col = _line_col(text, directive.start())
        raise FlowError([Problem(file, line, col, f"%YAML {directive.group(1)} には対応していません。"
                                 "この行を消してください(YAML 1.2 として読みます)")])
    yaml = YAML(typ="rt")
    yaml.Constructor = _dates_as_text()
    yaml.allow_duplicate_keys = False
    try:
        with warnings.catch_warnings():  # ruamel's warnings would print before our message
            warnings.simplefilter("ignore")
            document = yaml.load(text)
    except MarkedYAMLError as err:
        raise FlowError([_syntax_problem(err, text, file)]) from None
    except ReaderError as err:  # a character YAML does not allow (NUL, BEL …)
        line, col = _line_col(text, err.position)
        raise FlowError([Problem(file, line, col, f"YAML では使えない文字 {err.character:#06x} があります。削除してください")]) from None
    except RecursionError:
        line, col = too_deep(text, MAX_DEPTH) or (0, 0)
        raise FlowError([Problem(file, line + 1, col + 1, f"入れ子が深すぎます({MAX_DEPTH}段まで)。構造を見直してください")]) from None
    except (ValueError, IndexError, OverflowError) as err:  # ruamel's constructor on a bad value
        located = _unreadable_value(text)
        if located is None:
            raise FlowError([Problem(file, 1, 1, "YAML として読めない値があります。数や日付に見える値は引用符で囲んでください")]) from None
        line, col, value = located
        raise FlowError([Problem(file, line, col, f"値 {value} は読めません(数や日付として解釈されます)。正しい値にするか、文字列なら引用符で囲んでください")]) from None
    except YAMLError as err:
        raise FlowError([Problem(file, 1, 1, "YAML として読めません。字下げや記号(: - [ ] { } 引用符)を確認してください")]) from None
    except Exception:  # noqa: BLE001 - whatever else the parser trips on is a message, not a traceback
        raise FlowError([Problem(file, 1, 1, "YAML として読めません。字下げや記号(: - [ ] { } 引用符)を確認してください")]) from None
    positions = _Positions()
    try:
        plain = _plain(document, (), positions, set(), 0, text.splitlines())
    except _Located as err:
        line, col = positions.find(err.path)
        raise FlowError([Problem(file, line, col, err.message)]) from None
    return plain, positions


# --- pydantic errors, in words a flow author can act on -------------------------------------


def _syntax_problem(err: Any, text: str, file: str) -> Problem:
    """A ruamel parser error in Japanese, at the line of the fault."""
    def at(mark: Any) -> tuple[int, int] | None:
        return (mark.line + 1, mark.column + 1) if mark is not None else None

    problem_at = at(err.problem_mark) or at(err.context_mark) or (1, 1)
    line, col, message = yaml_syntax_message(str(err.context or ""), str(err.problem or ""), text,
                                             problem_at, at(err.context_mark))
    return Problem(file, line, col, message)


def _is_branch_tag(part: str | int) -> bool:
    """pydantic's name for a member of a union ('str', 'FreeSafeguard'), not a YAML key."""
    return isinstance(part, str) and (part[:1].isupper() or part in ("str", "int", "bool", "float")
                                      or "[" in part or part.startswith("constrained"))


def clean_loc(loc: tuple) -> YamlPath:
    """Drop pydantic's union-branch tags so the path maps to YAML."""
    return tuple(p for p in loc if not _is_branch_tag(p))


def value_at(data: Any, path: Iterable[str | int]) -> Any:
    """The plain YAML value at ``path`` (None when there is none)."""
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _relevant(error: dict[str, Any], data: Any) -> bool:
    """Of a union's errors keep those of the branch the author meant: the mapping branch for a
    mapping ({text: ...}), the plain branch for anything else."""
    loc = error["loc"]
    for index, part in enumerate(loc):
        if _is_branch_tag(part):
            written = value_at(data, clean_loc(loc[:index]))
            return isinstance(written, dict) == part[:1].isupper()
    return True


def shape_problems(err: ValidationError, model: type[BaseModel], data: Any, positions: _Positions, file: str) -> set[Problem]:
    """pydantic's errors as located Japanese problems, one per line and text."""
    problems = set()
    for error in err.errors():
        if not _relevant(error, data):
            continue
        path = clean_loc(error["loc"])
        line, col = positions.find(path)
        problems.add(Problem(file, line, col, explain(error, path, model)))
    return problems


def _set_lines(node: Any, path: YamlPath, positions: _Positions) -> None:
    """Give every model node the line it came from, so findings can cite it."""
    if isinstance(node, Node):
        node._line = positions.find(path)[0]
        for name, key in _field_keys(type(node)):
            value = getattr(node, name)
            if isinstance(value, (Node, list)):  # scalars carry no line: skip the call
                _set_lines(value, path + (key,), positions)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if isinstance(value, (Node, list)):
                _set_lines(value, path + (index,), positions)


@functools.cache
def _field_keys(model: type[Node]) -> tuple[tuple[str, str], ...]:
    """(attribute, YAML key) of each field of a model class."""
    return tuple((name, field.alias or name) for name, field in model.model_fields.items())


def validate_data(model: type[M], data: dict, positions: _Positions, file: str) -> M:
    try:
        instance = model.model_validate(data)
    except ValidationError as err:
        problems = sorted(shape_problems(err, model, data, positions, file))
        # never an error without a message, whatever shape pydantic's report takes
        raise FlowError(problems or [Problem(file, 1, 1, f"読み込めません: {err}")]) from None
    _set_lines(instance, (), positions)
    return instance


def load_model(model: type[M], data: bytes, file: str) -> M:
    """Parse and validate any flowmap model (flows, clause sets) from bytes."""
    plain, positions = parse_yaml(data, file)
    return validate_data(model, plain, positions, file)
