"""What the commands share at the CLI boundary: loading with clear errors, and writing output
whole or not at all — to a file, or to standard output when the path is ``-``.

Any path that cannot be written ends in one Japanese line naming the path and the reason, never
a traceback.
"""

from __future__ import annotations

import errno
import json
import sys
from pathlib import Path

import click

from flowmap.output.atomic import why_unwritable
from flowmap.output.escape import terminal

from flowmap.flow.loading import FlowError, load_flow
from flowmap.flow.model import Flow
from flowmap.flow.yamlread import Problem
from flowmap.output.atomic import write_atomic

EXIT_ERROR = 2
STDIO = "-"  # as a path: standard input for a flow, standard output for -o

_REASONS = {
    errno.ENOENT: "フォルダがありません",
    errno.EACCES: "権限がありません",
    errno.EPERM: "権限がありません",
    errno.ENOTDIR: "途中の名前がフォルダではなくファイルです",
    errno.EEXIST: "同じ名前のファイルがあるためフォルダを作れません",
    errno.EISDIR: "フォルダです。ファイルの名前を指定してください",
    errno.ENOSPC: "ディスクの空きがありません",
    errno.EROFS: "読み取り専用の場所です",
    errno.ENAMETOOLONG: "名前が長すぎます",
    errno.EDQUOT: "ディスクの割り当てを超えました",
}


def os_reason(err: OSError) -> str:
    """Why a file could not be read or written, in Japanese."""
    return _REASONS.get(err.errno or 0, f"OS のエラー(errno {err.errno})" if err.errno else "書き込みに失敗しました")


def fail_to_write(path: str | Path, err: OSError, code: int = EXIT_ERROR) -> None:
    """Report a path that cannot be written and exit."""
    click.echo(terminal(f"{path}: {why_unwritable(path, err)}"), err=True)
    sys.exit(code)


def load_all_or_exit(paths: list[str], fmt: str = "text", output: str | None = None,
                     code: int = EXIT_ERROR) -> list[Flow]:
    """Load flows; when any fails, print every problem (file:line:col) to stderr, write them as
    JSON's ``errors`` list when JSON was asked for (a pipeline sees why), and exit ``code``."""
    flows, problems = [], []
    for path in paths:
        try:
            flows.append(load_flow(path))
        except FlowError as err:
            problems.extend(err.problems)
    if problems:
        fail_to_load(problems, fmt, output, code)
    return flows


def fail_to_load(problems: list[Problem], fmt: str, output: str | None, code: int = EXIT_ERROR) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)
    if fmt == "json":
        errors = [{"file": p.file, "line": p.line, "column": p.column, "message": p.message} for p in problems]
        write_output(json.dumps({"errors": errors}, ensure_ascii=False, indent=2) + "\n", output)
    sys.exit(code)


def write_output(data: str | bytes, output: str | None, *, what: str = "", code: int = EXIT_ERROR,
                 encoding: str = "utf-8") -> None:
    """Write ``data`` to ``output`` (through a temporary file and a rename), or to standard
    output when ``output`` is None or ``-``. Bytes that are not text (``what`` names the format,
    e.g. xlsx) are refused on a terminal, where they would only garble the screen."""
    raw = data if isinstance(data, bytes) else data.encode(encoding)
    if output is None or output == STDIO:
        stream = sys.stdout.buffer
        if what and stream.isatty():
            click.echo(f"{what} は端末には表示できません。-o ファイル名 で保存するか、"
                       f"パイプ(|)やリダイレクト(>)で渡してください", err=True)
            sys.exit(EXIT_ERROR)
        stream.write(raw)
        stream.flush()
        return
    try:
        write_atomic(output, raw)
    except OSError as err:
        fail_to_write(output, err, code)


def emit(text: str, output: str | None, encoding: str = "utf-8") -> None:
    """Print ``text``, or write it to ``output`` (``-``: standard output) whole or not at all."""
    write_output(text, output, encoding=encoding)
