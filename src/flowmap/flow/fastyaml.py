"""A fast path for reading flow files: libyaml's event parser (PyYAML's C binding) instead of
ruamel's pure-Python round-trip loader, which spends ~1 ms per step of a flow.

It only takes documents it can read exactly as the ruamel path does — plain mappings, lists,
strings, YAML 1.2 nulls and booleans, decimal ints, dates (kept as text, as the ruamel path
keeps them) — and returns ``None`` for anything else (anchors, aliases, tags, directives, duplicate or non-string keys, floats,
odd ints, deep nesting, parse errors), so that the ruamel path decides and words the error.
Events, not ``compose``: libyaml's composer recurses in C and crashes on deep nesting, while
the event stream can be abandoned at the first level too deep.
"""

from __future__ import annotations

import re
from typing import Any

try:  # PyYAML built with libyaml; without it every file takes the ruamel path
    from yaml import CSafeLoader as _Parser
    from yaml import YAMLError as _YAMLError
    from yaml.events import (
        AliasEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
        StreamEndEvent,
    )
except ImportError:  # pragma: no cover - depends on the installation
    _Parser = None

# Plain scalars that YAML 1.2 (as ruamel resolves it) may read as something other than a string:
# ints in any base, floats, infinities, NaN, timestamps, the merge key and the value key. Broader
# than ruamel's own patterns on purpose: a false match only sends the file down the slow path.
_MAYBE_NOT_STR = re.compile(
    r"""[-+]?(?:0b[0-1_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9_]+)
    |[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)
    |[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt \t].*)?
    |<<|=""",
    re.X,
)
_DECIMAL = re.compile(r"-?[1-9][0-9]*")  # ruamel reads "0" as its own ScalarInt: slow path
_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt \t].*)?")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
# characters libyaml (YAML 1.1) takes as line breaks and YAML 1.2 does not, so lines could
# differ; and tabs, which libyaml takes as separating space where ruamel refuses them
_ODD_BREAKS = re.compile("[\t\x85\u2028\u2029]")


class _Unsupported(Exception):
    """The document uses something only the ruamel path reads faithfully."""


def _scalar(event: Any) -> Any:
    if event.anchor is not None or event.tag is not None:
        raise _Unsupported
    value = event.value
    if not event.implicit[0]:  # quoted or block scalar: always a string
        return value
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if value and (value[0] in "-+.0123456789<=") and _MAYBE_NOT_STR.fullmatch(value):
        if _DECIMAL.fullmatch(value):
            return int(value)
        if _TIMESTAMP.fullmatch(value):  # dates stay text: pydantic judges them, with a line
            return value
        raise _Unsupported
    return value


def fast_parse(text: str, positions: dict, max_depth: int) -> Any | None:
    """Plain data of a one-document YAML text, filling ``positions`` (path → 0-based line,
    column: the key of a mapping entry, the start of a list entry); ``None`` when unsure."""
    if _Parser is None or _ODD_BREAKS.search(text):
        return None
    parser = _Parser(text)
    try:
        return _build(parser, positions, max_depth)
    except (_Unsupported, _YAMLError, RecursionError, ValueError):
        positions.clear()
        return None
    finally:
        parser.dispose()


def _build(parser: Any, positions: dict, max_depth: int) -> Any:
    # each frame: [container, path, pending key (mappings), next index (lists)]
    stack: list[list] = []
    root: Any = None
    documents = 0
    get = parser.get_event
    while True:
        event = get()
        kind = type(event)
        if kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent:
            if stack:
                frame = stack[-1]
                container, path = frame[0], frame[1]
                if type(container) is dict:
                    if frame[2] is None:  # this node is a key
                        if kind is not ScalarEvent:
                            raise _Unsupported
                        key = _scalar(event)
                        if type(key) is not str or key in container:
                            raise _Unsupported
                        positions[path + (key,)] = (event.start_mark.line, event.start_mark.column)
                        frame[2] = key
                        continue
                    here = path + (frame[2],)
                else:
                    here = path + (frame[3],)
                    positions[here] = (event.start_mark.line, event.start_mark.column)
                    frame[3] += 1
            elif root is not None:
                raise _Unsupported
            else:
                here = ()
            if kind is ScalarEvent:
                node = _scalar(event)
            else:
                if event.anchor is not None or event.tag is not None or len(stack) >= max_depth:
                    raise _Unsupported
                node = {} if kind is MappingStartEvent else []
            if stack:
                frame = stack[-1]
                if type(frame[0]) is dict:
                    frame[0][frame[2]] = node
                    frame[2] = None
                else:
                    frame[0].append(node)
            else:
                root = node
            if kind is not ScalarEvent:
                stack.append([node, here, None, 0])
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            stack.pop()
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1 or event.version is not None or event.tags:
                raise _Unsupported
        elif kind is AliasEvent:
            raise _Unsupported
        elif kind is StreamEndEvent:
            if root is None:
                raise _Unsupported
            return root


def too_deep(text: str, max_depth: int) -> tuple[int, int] | None:
    """0-based line and column where nesting first goes beyond ``max_depth``, if it does.

    For documents so deep that ruamel's recursive composer gives up: the event stream finds
    the place without recursion."""
    if _Parser is None:
        return None
    parser = _Parser(text)
    depth = 0
    try:
        while True:
            event = parser.get_event()
            kind = type(event)
            if kind is MappingStartEvent or kind is SequenceStartEvent:
                depth += 1
                if depth > max_depth:
                    return event.start_mark.line, event.start_mark.column
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                depth -= 1
            elif kind is StreamEndEvent:
                return None
    except _YAMLError:
        return None
    finally:
        parser.dispose()


def plain_scalars(text: str):
    """(value, 0-based line, column) of each plain scalar that might not be a string, in order;
    stops quietly where libyaml cannot go on. Used to locate a value ruamel fails to convert."""
    if _Parser is None:
        return
    parser = _Parser(text)
    try:
        while True:
            event = parser.get_event()
            if type(event) is StreamEndEvent:
                return
            if type(event) is ScalarEvent and event.implicit[0] and _MAYBE_NOT_STR.fullmatch(event.value):
                yield event.value, event.start_mark.line, event.start_mark.column
    except _YAMLError:
        return
    finally:
        parser.dispose()
