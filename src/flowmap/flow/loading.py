"""Loading flow files: YAML → a checked ``Flow``, one file or many (on several processes).

``flowmap.flow.yamlread`` validates the shape; the reference checks in
``flowmap.flow.references`` validate what spans the file. Whatever goes wrong, the caller gets a
``FlowError`` listing ``Problem`` values, never a traceback.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, TypeVar

from flowmap.flow.messages import in_words
from flowmap.flow.model import Flow
from flowmap.flow.profiles import Profile, builtin_profiles, profile_for, support_files
from flowmap.flow.references import check_references
from flowmap.flow.yamlread import FlowError, Problem, YamlPath, _Positions, parse_yaml, validate_data

if TYPE_CHECKING:
    from concurrent.futures import Executor

R = TypeVar("R")

STDIN = "-"  # as a flow path: read the flow from standard input
STDIN_NAME = "<stdin>"


_read_stdin: list = [None, b""]  # the stream read, and what it gave


def _stdin_bytes() -> bytes:
    """Standard input, read once however often ``-`` is named."""
    if _read_stdin[0] is not sys.stdin:
        _read_stdin[:] = [sys.stdin, sys.stdin.buffer.read()]
    return _read_stdin[1]


_TODO = re.compile(rb"[tT][oO][dD][oO]")


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


def display_name(path: str | Path) -> str:
    """How messages name a flow path (standard input as <stdin>)."""
    return STDIN_NAME if str(path) == STDIN else str(path)


def load_flow(path: str | Path, display: str | None = None) -> Flow:
    """Load and fully check one flow file. ``display`` is the name used in messages."""
    from_stdin = str(path) == STDIN
    file = display or display_name(path)
    path = Path(path)
    if path.is_dir() and not from_stdin:
        raise FlowError([Problem(file, 1, 1, "フォルダです。フローのファイル(.yaml)を指定してください")])
    try:
        data = _stdin_bytes() if from_stdin else path.read_bytes()
    except OSError as err:
        raise FlowError([Problem(file, 1, 1, f"読み込めません: {err.strerror or err}")]) from None
    plain, positions = parse_yaml(data, file)
    with in_words(_words_before_reading(plain, path)):   # its messages in its municipality's words
        try:
            flow = validate_data(Flow, plain, positions, file)
        except FlowError as err:  # report the reference problems of the rest in the same run
            raise FlowError({*err.problems, *_salvaged_references(plain, path, file, positions)}) from None
        profile = _profile(flow, path, file, positions)
        problems = [
            Problem(file, *positions.find(where), message)
            for where, message in check_references(flow, profile.clause_sets, profile.files)
        ]
    if problems:
        raise FlowError(problems)
    flow._source = file
    flow._profile = profile
    # a TODO can only come from the letters themselves or from a YAML escape: skip the walk
    # of the whole tree when the file has neither
    if b"\\" in data or _TODO.search(data):
        flow._warnings = tuple(sorted(_todo_warnings(plain, (), positions, file)))
    return flow


def _words_before_reading(plain: Any, path: Path):
    """The words of the profile a file will be read under, found before it is validated (its
    `profile:` if that is a plain name, else the nearest flowmap.yaml); None when that profile
    cannot be read — its own problem is reported where it belongs."""
    named = plain.get("profile") if isinstance(plain, dict) else None
    try:
        return profile_for(path, named if isinstance(named, str) else None).words
    except (FlowError, OSError, ValueError):
        return None


def _salvaged_references(plain: dict, path: Path, file: str, positions) -> list[Problem]:
    """The reference problems of the part of an invalid flow that validates."""
    from flowmap.flow.partial import salvage_references

    def check(flow: Flow):
        try:
            profile = _profile(flow, path, file, positions)
        except FlowError:
            return []
        return check_references(flow, profile.clause_sets, profile.files)

    return [Problem(file, *positions.find(where), message)
            for where, message in salvage_references(Flow, plain, check)]


def _profile(flow: Flow, path: Path, file: str, positions) -> Profile:
    """The profile a flow is read under; a ``profile:`` naming nothing is the flow's own error."""
    named = flow.profile
    if named is not None and named not in builtin_profiles() and not (path.parent / named).is_file():
        known = "・".join(sorted(builtin_profiles()))
        raise FlowError([Problem(file, *positions.find(("profile",)),
                                 f"プロファイル '{named}' はありません。組み込みの {known} か、このファイルからの相対パスでプロファイルのファイルを指定してください")])
    return profile_for(path, named)


def flow_files(paths: Iterable[str | Path]) -> list[Path]:
    """The flow files named by ``paths``: files as given, folders searched for *.yaml/*.yml
    (leaving out flowmap.yaml and the clause set files a profile names)."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            skip = support_files(path)
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
                                and p.resolve() not in skip))
        else:
            found.append(path)
    return found


PARALLEL_FROM = 32  # below this many files, starting worker processes costs more than it saves


def _identity(flow: Flow) -> Flow:
    return flow


def _load_then(path: Path, work: Callable[[Flow], Any]) -> Any:
    try:
        flow = load_flow(path)
    except FlowError as err:
        return err
    return work(flow)


def map_flows(paths: Iterable[str | Path], work: Callable[[Flow], R], jobs: int | None = None,
              executor: Executor | None = None) -> Iterator[tuple[Path, R | FlowError]]:
    """Load each flow file and apply ``work`` to it, in the given order, on ``jobs`` processes.

    Yields (path, what ``work`` returned, or the file's FlowError). By default all cores are
    used once there are ``PARALLEL_FROM`` files or more (parsing and analysis are CPU-bound,
    so threads would not help). ``work`` runs in the worker, so only its result crosses back:
    return what the caller needs, not the whole Flow, when many files are loaded. Results are
    yielded as they come, so a caller that does not keep them holds one at a time.

    ``executor``: any ``concurrent.futures.Executor`` (a Dask ``Client.get_executor()``, a Ray
    or thread pool …) to run on instead of local processes; ``work`` must then be picklable
    (a module-level function) and ``jobs`` is ignored.
    """
    files = [Path(p) for p in paths]
    if executor is not None:
        yield from zip(files, executor.map(_load_then, files, [work] * len(files)))
        return
    if jobs is None:
        jobs = (os.cpu_count() or 1) if len(files) >= PARALLEL_FROM else 1
    if any(str(f) == STDIN for f in files):  # standard input belongs to this process
        jobs = 1
    if jobs <= 1 or len(files) < 2:
        for file in files:
            yield file, _load_then(file, work)
        return
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, min(16, len(files) // (jobs * 8)))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from zip(files, pool.map(_load_then, files, [work] * len(files), chunksize=chunk))


def load_flows(paths: Iterable[str | Path], jobs: int | None = None) -> Iterator[tuple[Path, Flow | FlowError]]:
    """Load many flow files, in the given order, each paired with its Flow or its FlowError
    (``map_flows`` with nothing to do after loading)."""
    return map_flows(paths, _identity, jobs)
