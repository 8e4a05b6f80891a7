"""The thin edge between flowmap and the Graphviz program: fonts, layout, output bytes.

Everything that depends on the machine lives here — whether ``dot`` is installed, which
Japanese fonts fontconfig knows — so the DOT builder stays a pure function of the flow.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, TypeVar

from flowmap.render import style

# families tried, in order, when the requested one is missing
PREFERRED_FONTS = ("Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", "IPAGothic", "Source Han Sans JP",
                   "TakaoGothic", "VL Gothic")


T = TypeVar("T")
R = TypeVar("R")


class RenderError(Exception):
    """Rendering cannot go on (Graphviz missing or failing); the message says what to do."""


@dataclass(frozen=True)
class FontChoice:
    family: str
    warning: str | None = None


def japanese_fonts() -> list[str] | None:
    """Families fontconfig lists for Japanese, sorted; None when fc-list is not installed."""
    if shutil.which("fc-list") is None:
        return None
    try:
        result = subprocess.run(["fc-list", ":lang=ja", "family"], capture_output=True, text=True,
                                timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    families = set()
    for line in result.stdout.splitlines():
        for family in line.split(","):
            if family.strip():
                families.add(family.strip())
    return sorted(families)


def choose_font(requested: str = style.DEFAULT_FONT, available: list[str] | None = None,
                probe: bool = True) -> FontChoice:
    """The family to draw with: the requested one if installed, else another Japanese font,
    else a generic one — each fallback with a warning that says how to fix it."""
    families = available if available is not None else (japanese_fonts() if probe else None)
    if families is None:
        return FontChoice(requested, "警告: fc-list がないため日本語フォントの有無を確認できません"
                                     f"(フォント '{requested}' で描きます)。fontconfig を入れてください")
    lowered = {f.lower(): f for f in families}
    if requested.lower() in lowered:
        return FontChoice(lowered[requested.lower()])
    for family in PREFERRED_FONTS:
        if family.lower() in lowered:
            return FontChoice(lowered[family.lower()],
                              f"警告: フォント '{requested}' が見つからないため '{lowered[family.lower()]}' で描きます")
    if families:
        return FontChoice(families[0], f"警告: フォント '{requested}' が見つからないため '{families[0]}' で描きます")
    return FontChoice(style.FALLBACK_FONT,
                      "警告: 日本語フォントが入っていません(fc-list :lang=ja が空)。日本語が正しく表示されません。"
                      "apt-get install fonts-noto-cjk で Noto Sans CJK JP を入れてください")


def _graphviz(command: list[str], cwd: Path) -> None:
    """Run a Graphviz program (or the library batch) in ``cwd``, where its inputs are and its
    outputs go."""
    try:
        result = subprocess.run(command, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, check=False)
    except FileNotFoundError:
        raise RenderError("Graphviz の dot コマンドが見つかりません。apt-get install graphviz "
                          "(Debian/Ubuntu)などで Graphviz を入れてください") from None
    except OSError as err:  # no memory, no processes left …
        raise RenderError(f"Graphviz を実行できませんでした: {err.strerror or err}") from None
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RenderError("Graphviz が図を描けませんでした: " + (" / ".join(detail[:5]) or f"終了コード {result.returncode}"))


def in_parallel(work: Callable[[T], R], jobs: list[T]) -> list[R]:
    """``work`` on every job, results in job order; jobs run side by side on the machine's
    cores (each mostly waits on its own Graphviz process, so threads are enough)."""
    if len(jobs) <= 1:
        return [work(job) for job in jobs]
    with ThreadPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 1)) as pool:
        return list(pool.map(work, jobs))


ENGINES = {"dot": ["dot"], "nop2": ["neato", "-n2"]}   # lay out; draw what is laid out
GRAPHS_PER_RUN = 6      # about this many graphs a library process (a seed's ten or eleven pages: two) …
MAX_RUNS = 4            # … but at most this many processes a call (more graphs: longer runs)
_BATCH = Path(__file__).with_name("gvbatch.py")


@functools.lru_cache(maxsize=1)
def library_usable() -> bool:
    """Whether ``gvbatch`` can drive Graphviz's library: Graphviz is installed (``dot`` on the
    path) and its libgvc and libcgraph load."""
    from flowmap.render.gvbatch import library

    if shutil.which("dot") is None or not sys.executable:   # no Python to start (embedded)
        return False
    try:
        library("gvc"), library("cgraph")
    except OSError:
        return False
    return True


def _run_share(engine: str, formats: list[str], folder: Path, names: list[str]) -> None:
    """Graphviz on some of the input files of ``folder``: every ``name.format`` is written there."""
    if len(names) > 1 and library_usable():
        _graphviz([sys.executable, "-I", "-S", str(_BATCH), engine, ",".join(formats), str(folder), *names], folder)
    else:   # one process per graph (the program starts faster than Python and the library)
        for name in names:
            _graphviz([*ENGINES[engine], *(f"-T{fmt}" for fmt in formats), "-O", name], folder)


def run_many(engine: str, sources: list[str], formats: list[str]) -> list[dict[str, bytes]]:
    """The ``formats`` of every DOT text in ``sources``, in order, by ``engine`` (``ENGINES``).
    Starting Graphviz costs more than laying out a seed-sized page, so through the library one
    process takes a run of consecutive graphs (``gvbatch``), the runs side by side on the cores.
    How graphs are grouped depends only on their count, never on the machine."""
    if not sources:
        return []
    runs = min(MAX_RUNS, -(-len(sources) // GRAPHS_PER_RUN))
    bounds = [len(sources) * run // runs for run in range(runs + 1)]      # even shares, in order
    shares = [[f"g{i}.gv" for i in range(start, end)] for start, end in zip(bounds, bounds[1:])]
    with _scratch() as out:
        for index, source in enumerate(sources):
            (out / f"g{index}.gv").write_bytes(source.encode("utf-8"))
        in_parallel(lambda names: _run_share(engine, formats, out, names), shares)
        return [{fmt: _whole(fmt, (out / f"g{index}.gv.{fmt}").read_bytes()) for fmt in formats}
                for index in range(len(sources))]


@dataclass(frozen=True)
class Placed:
    """One Graphviz layout: its geometry (``dot -Tjson``), the same graph with every position
    written in (``dot -Tdot``), which ``draw`` turns into pictures without laying it out again,
    and the pictures asked for with the layout (drawn by the same ``dot`` run, at the drawing's
    own size: ``paper`` puts them on a page)."""

    geometry: dict
    positioned: str
    pictures: dict[str, bytes] = field(default_factory=dict)


def lay_out(sources: list[str], pictures: tuple[str, ...] = ()) -> list[Placed]:
    """Lay every DOT text out once with ``dot``, drawing ``pictures`` (svg, pdf) in the same run:
    no second layout read back, one process per core for all of them."""
    runs = run_many("dot", sources, ["json", "dot", *pictures])
    try:
        return [Placed(json.loads(run["json"].decode("utf-8")), run["dot"].decode("utf-8"),
                       {fmt: run[fmt] for fmt in pictures}) for run in runs]
    except ValueError:  # not JSON, or not UTF-8
        raise RenderError("Graphviz の配置(json)出力が読めません。Graphviz を入れ直してください") from None


def draw(positioned: list[str], formats: list[str], attrs: list[dict[str, str]] | None = None) -> list[dict[str, bytes]]:
    """Pictures of already laid-out graphs (``neato -n2`` keeps every position and spline),
    every format of every graph from one run per core; ``attrs`` are each graph's extra graph
    attributes such as pad or dpi."""
    if attrs:   # stated last, so they override the graph's own (a -G option would not)
        positioned = [text.rstrip().removesuffix("}") + "\tgraph [" +
                      ", ".join(f'{name}="{value}"' for name, value in extra.items()) + "];\n}\n"
                      for text, extra in zip(positioned, attrs)]
    return run_many("nop2", positioned, formats)


def run_dot(source: str, fmt: str) -> bytes:
    """Lay out DOT text with Graphviz's ``dot`` and return the output in ``fmt``."""
    return run_many("dot", [source], [fmt])[0][fmt]


# how a whole output of each format begins and ends, to refuse a truncated or empty one
_WHOLE = {"svg": (b"<", b"</svg>"), "png": (b"\x89PNG", b"IEND"), "pdf": (b"%PDF", b"%%EOF"),
          "json": (b"{", b"}"), "dot": (b"", b"}")}


def _whole(fmt: str, output: bytes) -> bytes:
    """``output`` if it is a whole file of ``fmt``; RenderError when Graphviz gave a broken one."""
    head, tail = _WHOLE.get(fmt, (b"", b""))
    if not output.strip() or not output.lstrip().startswith(head) or tail not in output[-64:]:
        raise RenderError(f"Graphviz の {fmt} 出力が壊れています(途中で切れたか空です)。"
                          "Graphviz を入れ直すか、別の形式で描いてください")
    return output


@contextlib.contextmanager
def _scratch():
    """A private folder for Graphviz's output files; a temp folder that is missing, full or not
    writable is a message, not a traceback (the outputs themselves never go there)."""
    try:
        tmp = tempfile.TemporaryDirectory(prefix="flowmap-")
    except OSError as err:
        raise RenderError(f"一時フォルダ({tempfile.gettempdir()})に書けません: {err.strerror or err}。"
                          "空きを作るか、環境変数 TMPDIR で別のフォルダを指定してください") from None
    with tmp as folder:
        try:
            yield Path(folder)
        except OSError as err:  # Graphviz's files could not be read back (a full temp folder)
            raise RenderError(f"一時フォルダ({folder})が使えません: {err.strerror or err}。"
                              "空きを作るか、環境変数 TMPDIR で別のフォルダを指定してください") from None


def layout_json(source: str) -> dict:
    """The positions Graphviz chose (``dot -Tjson``), for the drawio writer and the checks."""
    try:
        return json.loads(run_dot(source, "json").decode("utf-8"))
    except ValueError:  # not JSON, or not UTF-8
        raise RenderError("Graphviz の配置(json)出力が読めません。Graphviz を入れ直してください") from None
