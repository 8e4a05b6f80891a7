"""Atomic writes: every file flowmap writes goes through a temporary file and a rename.

A crash, a full disk, SIGTERM or a refused check never leaves a half-written diagram, table or
draft, never a temporary file, and never clobbers the previous good file. The files of one run
for one flow (svg, png, drawio …) are written as a set: all temporary files first, then all
renamed, so the folder never holds new and stale files of that set mixed.
"""

from __future__ import annotations

import errno
import os
import signal
import tempfile
from pathlib import Path
from typing import Callable, Iterable


def _temporary(path: Path, data: bytes) -> Path:
    """``data`` in a new temporary file beside ``path`` (same file system, so the rename is atomic)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o644)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return Path(temp)


def write_set(files: Iterable[tuple[str | Path, bytes | str]],
              check: Callable[[Path], None] | None = None) -> None:
    """Write every (path, data) pair (text is UTF-8), all or none: each goes to a temporary file,
    ``check`` may inspect each and raise to stop, and only then are all renamed into place."""
    temps: list[tuple[Path, Path]] = []
    try:
        for path, data in files:
            path = Path(path)
            temps.append((_temporary(path, data.encode("utf-8") if isinstance(data, str) else data), path))
            if check is not None:
                check(temps[-1][0])
        for temp, path in temps:
            os.replace(temp, path)
    except BaseException:
        for temp, _ in temps:
            temp.unlink(missing_ok=True)
        raise


def write_atomic(path: str | Path, data: bytes | str, check: Callable[[Path], None] | None = None) -> None:
    """Write ``data`` (text is UTF-8) to ``path``; ``check`` may inspect the temporary file and
    raise to stop the rename, leaving ``path`` as it was."""
    write_set([(path, data)], check)


def why_unwritable(path: str | Path, err: OSError) -> str:
    """What stops writing ``path``, as ``書き込めません(…)`` with what to fix: a file where a
    folder must be (named), a folder where the file must be, a full disk, no permission."""
    for parent in Path(path).parents:
        if parent.exists() or parent.is_symlink():
            if not parent.is_dir():
                return f"書き込めません({parent} はファイルです。フォルダの場所に同じ名前のファイルがあります。別の出力先を指定してください)"
            break
    if err.errno == errno.EISDIR:
        return "書き込めません(同じ名前のフォルダがあります。ファイルの名前を指定してください)"
    reason = {errno.ENOSPC: "ディスクがいっぱいです。空きを作ってからやり直してください(出力は書き換えていません)",
              errno.EDQUOT: "ディスクの割り当てを超えました", errno.EACCES: "権限がありません",
              errno.EPERM: "権限がありません", errno.EROFS: "読み取り専用の場所です",
              errno.ENOENT: "フォルダがありません", errno.ENAMETOOLONG: "名前が長すぎます"}.get(err.errno or 0)
    return f"書き込めません({reason or err.strerror or 'OS のエラー'})"


class Terminated(SystemExit):
    """SIGTERM, turned into an exit that unwinds (so temporary files are removed) with 143."""


def exit_cleanly_on_sigterm() -> Callable[[], None]:
    """Make SIGTERM unwind like Ctrl-C instead of killing the process where it stands, so that
    ``write_set`` removes its temporary files. Only in the main thread (signals need it).
    Returns what puts the previous handler back (the CLI does when its command ends, so that a
    process calling it in-process, a test runner, keeps its own handling of SIGTERM)."""
    def stop(signum, frame):
        import sys

        sys.stderr.write("中断されました(SIGTERM)。書きかけの出力は残していません\n")
        raise Terminated(128 + signum)

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (a library caller's worker): leave it alone
        return lambda: None
    return lambda: signal.signal(signal.SIGTERM, previous)
