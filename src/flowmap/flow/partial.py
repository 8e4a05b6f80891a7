"""The reference problems of a file that does not validate, so that one run reports them all.

A file with a wrong enum on one step and an unknown party on another should not need two runs.
The entries pydantic refuses are set aside (the offending key where the field is optional,
else the whole list entry), the rest is validated and cross-checked, and a reference problem is
kept only when it cannot be a consequence of what was set aside.
"""

from __future__ import annotations

import copy
from typing import Any, Callable, Iterable

from pydantic import BaseModel, ValidationError

from flowmap.flow.yamlread import YamlPath, clean_loc, value_at

MAX_ROUNDS = 6


class _Pruned:
    """A copy of the plain data with entries removed, remembering the original list indices."""

    def __init__(self, data: Any):
        self.data = copy.deepcopy(data)
        self.origin: dict[int, list[int]] = {}
        self._index(self.data)
        self.removed: list[YamlPath] = []  # in the original's indices
        self.names: set[str] = set()       # ids, labels and aliases of removed entries

    def _index(self, node: Any) -> None:
        if isinstance(node, dict):
            for value in node.values():
                self._index(value)
        elif isinstance(node, list):
            self.origin[id(node)] = list(range(len(node)))
            for value in node:
                self._index(value)

    def original(self, path: YamlPath) -> YamlPath:
        """``path`` in the pruned data → the same place in the file."""
        node, out = self.data, []
        for index, part in enumerate(path):
            if isinstance(node, list) and isinstance(part, int) and part < len(node):
                out.append(self.origin[id(node)][part])
            elif isinstance(node, dict) and part in node:
                out.append(part)
            else:
                return tuple(out) + tuple(path[index:])
            node = node[part]
        return tuple(out)

    def remove(self, path: YamlPath) -> bool:
        parent = value_at(self.data, path[:-1]) if path else None
        key = path[-1] if path else None
        if isinstance(parent, dict) and key in parent or isinstance(parent, list) and isinstance(key, int) and key < len(parent):
            self.removed.append(self.original(path))
            entry = parent[key]
            if isinstance(entry, dict):
                self.names.update(str(entry[k]) for k in ("id", "label") if isinstance(entry.get(k), str))
                self.names.update(a for a in entry.get("aliases") or [] if isinstance(a, str))
            del parent[key]
            if isinstance(parent, list):
                del self.origin[id(parent)][key]
            return True
        return False


def _entry(path: YamlPath) -> YamlPath | None:
    """The innermost list entry that contains ``path``."""
    for end in range(len(path), 0, -1):
        if isinstance(path[end - 1], int):
            return path[:end]
    return None


def _related(a: YamlPath, b: YamlPath) -> bool:
    return a[: len(b)] == b or b[: len(a)] == a


def salvage_references(model: type[BaseModel], data: Any,
                       check: Callable[[Any], Iterable[tuple[YamlPath, str]]]) -> list[tuple[YamlPath, str]]:
    """What ``check`` (a reference check over a validated model) finds in the part of ``data``
    that validates; paths are the file's. Empty when too little of the file is usable."""
    pruned = _Pruned(data)
    for _ in range(MAX_ROUNDS):
        try:
            instance = model.model_validate(pruned.data)
            break
        except ValidationError as err:
            targets = set()
            for error in err.errors():
                path = clean_loc(error["loc"])
                target = _entry(path) if error["type"] == "missing" or not path else path
                if target is None:
                    return []
                targets.add(target)
            # deepest and last first, so that earlier indices stay valid
            if not any([pruned.remove(t) for t in sorted(targets, key=_sort_key, reverse=True)]):
                return []
    else:
        return []
    kept = []
    for where, message in check(instance):
        place = pruned.original(tuple(where))
        if any(_related(place, gone) for gone in pruned.removed):
            continue
        written = value_at(data, place)
        if isinstance(written, str) and written in pruned.names:
            continue
        kept.append((place, message))
    return kept


def _sort_key(path: YamlPath) -> tuple:
    return tuple((0, p) if isinstance(p, int) else (1, p) for p in path)
