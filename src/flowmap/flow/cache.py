"""Reuse of work over many flows: results kept on disk, keyed by what they depend on.

A result is keyed by its kind of work, the flow file's name and bytes, the files of the
municipality profile it is read under (the nearest flowmap.yaml, or the file its own
``profile:`` names, and the clause set files the profile names) and the digest of flowmap itself
(its code and bundled data: built-in profiles and clause sets, vocabularies, templates), so that
a changed flow, profile, clause set or flowmap version is never answered from the cache.
``extra_inputs`` adds further files every result depends on. The cache is a folder of pickles the user may delete at any time (``.flowmap-cache``
by default; ``FLOWMAP_CACHE`` names another, ``FLOWMAP_CACHE=off`` turns it off); every entry
is written through a temporary file and a rename, so parallel runs never see half an entry.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from concurrent.futures import Executor
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TypeVar

from flowmap.flow.loading import STDIN, map_flows
from flowmap.flow.model import Flow
from flowmap.flow.yamlread import FlowError

R = TypeVar("R")
DEFAULT_FOLDER = ".flowmap-cache"
OFF = ("off", "0", "no", "none", "")


@lru_cache(maxsize=1)
def code_digest() -> str:
    """SHA-256 over every file of the installed flowmap package (code, data, templates)."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def default_folder() -> Path | None:
    """Where the cache lives: FLOWMAP_CACHE, else .flowmap-cache in the working folder."""
    value = os.environ.get("FLOWMAP_CACHE")
    if value is None:
        return Path(DEFAULT_FOLDER)
    return None if value.strip().lower() in OFF else Path(value)


_OWN_PROFILE = re.compile(rb"^profile:[ \t]*['\"]?([^'\"\s#]+)", re.M)


def _profile_files_digest(config: Path) -> str:
    """SHA-256 over a profile file and every file it reads (its base, its clause sets)."""
    from flowmap.flow.profiles import load_profile

    try:
        profile = load_profile(config)
        files = sorted({str(config), *profile.files, *profile.clause_set_files})
    except FlowError:
        files = [str(config)]          # broken: the flow's load reports it; key on the bytes
    digest = hashlib.sha256()
    for name in files:
        digest.update(name.encode() + b"\0")
        try:
            digest.update(Path(name).read_bytes())
        except OSError:
            digest.update(b"(unreadable)")
    return digest.hexdigest()


class Cache:
    """Pickled results in ``folder/<kind>/<key[:2]>/<key>``; ``folder=None`` keeps nothing."""

    def __init__(self, folder: str | Path | None, extra_inputs: Iterable[str | Path] = ()):
        self.folder = Path(folder) if folder is not None else None
        extra = hashlib.sha256()
        for path in sorted(map(str, extra_inputs)):
            extra.update(path.encode() + b"\0" + Path(path).read_bytes())
        self.salt = code_digest() + extra.hexdigest()

        self.profiles: dict[str, str] = {}

    def key(self, kind: str, name: str, data: bytes) -> str:
        digest = hashlib.sha256(f"{kind}\0{self.salt}\0{name}\0".encode())
        digest.update(data)
        return digest.hexdigest()

    def flow_key(self, kind: str, file: Path, data: bytes) -> str:
        """The key of a flow file's result: its bytes and the profile files it is read under."""
        return self.key(kind, str(file), data + b"\0" + self.profile_digest(file, data).encode())

    def profile_digest(self, file: Path, data: bytes) -> str:
        from flowmap.flow.profiles import builtin_profiles, find_config

        named = _OWN_PROFILE.search(data)
        if named and named.group(1).decode("utf-8", "replace") not in builtin_profiles():
            config = file.parent / named.group(1).decode("utf-8", "replace")
        elif named:
            return "builtin:" + named.group(1).decode()
        else:
            config = find_config(file)
        if config is None:
            return ""
        where = str(Path(config).resolve())
        if where not in self.profiles:
            self.profiles[where] = _profile_files_digest(Path(where))
        return self.profiles[where]

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / key

    def get(self, kind: str, key: str) -> tuple[bool, Any]:
        if self.folder is None:
            return False, None
        try:
            return True, pickle.loads(self._path(kind, key).read_bytes())
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
            return False, None      # missing, or written by another version: computed anew

    def put(self, kind: str, key: str, value: Any) -> None:
        if self.folder is None:
            return
        path = self._path(kind, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temp = path.with_name(f".{key}.{os.getpid()}.tmp")
            temp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(temp, path)
        except OSError:
            pass                    # a read-only or full disk only costs the reuse


def loaded(flow: Flow) -> Flow:
    """The loaded flow itself, as a cached result (unpickling is ~8x faster than reading YAML)."""
    return flow


def cached_map(paths: Iterable[str | Path], work: Callable[[Flow], R], kind: str, cache: Cache | None,
               jobs: int | None = None, executor: Executor | None = None) -> Iterator[tuple[Path, R | FlowError]]:
    """``map_flows`` that answers unchanged files from ``cache``: only the others are loaded
    and worked on (on ``jobs`` processes or ``executor``). Results come in the given order;
    a FlowError is never cached (a file that does not load is read again next time)."""
    files = [Path(p) for p in paths]
    if cache is None or cache.folder is None:
        yield from map_flows(files, work, jobs, executor=executor)
        return
    keys: dict[Path, str] = {}
    found: dict[Path, Any] = {}
    for file in files:
        if str(file) == STDIN:      # standard input is read once, by the loader, never cached
            continue
        try:
            keys[file] = cache.flow_key(kind, file, file.read_bytes())
        except OSError:
            continue                # load_flow reports it
        hit, value = cache.get(kind, keys[file])
        if hit:
            found[file] = value
    missing = [f for f in files if f not in found]
    for file, result in map_flows(missing, work, jobs, executor=executor):
        found[file] = result
        if not isinstance(result, FlowError) and file in keys:
            cache.put(kind, keys[file], result)
    for file in files:
        yield file, found[file]
