"""Atomic writes: every file flowmap writes goes through a temporary file and a rename.

A crash, a full disk or a refused check never leaves a half-written diagram, table or draft,
and never clobbers the previous good file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable


def write_atomic(path: str | Path, data: bytes | str, check: Callable[[Path], None] | None = None) -> None:
    """Write ``data`` (text is UTF-8) to ``path``; ``check`` may inspect the temporary file and
    raise to stop the rename, leaving ``path`` as it was."""
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o644)
        if check is not None:
            check(Path(temp))
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
