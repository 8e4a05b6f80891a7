"""The thin edge between flowmap and the Graphviz program: fonts, layout, output bytes.

Everything that depends on the machine lives here — whether ``dot`` is installed, which
Japanese fonts fontconfig knows — so the DOT builder stays a pure function of the flow.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from flowmap.render import style

# families tried, in order, when the requested one is missing
PREFERRED_FONTS = ("Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", "IPAGothic", "Source Han Sans JP",
                   "TakaoGothic", "VL Gothic")


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


def _graphviz(program: str, args: list[str], source: str) -> None:
    """Run a Graphviz program on DOT text; its outputs go to the files named in ``args``."""
    try:
        result = subprocess.run([program, *args], input=source.encode("utf-8"), capture_output=True,
                                check=False)
    except FileNotFoundError:
        raise RenderError("Graphviz の dot コマンドが見つかりません。apt-get install graphviz "
                          "(Debian/Ubuntu)などで Graphviz を入れてください") from None
    except OSError as err:  # no memory, no processes left …
        raise RenderError(f"Graphviz を実行できませんでした: {err.strerror or err}") from None
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RenderError("Graphviz が図を描けませんでした: " + (" / ".join(detail[:5]) or f"終了コード {result.returncode}"))


@dataclass(frozen=True)
class Placed:
    """One Graphviz layout: its geometry (``dot -Tjson``), the same graph with every position
    written in (``dot -Tdot``), which ``draw`` turns into pictures without laying it out again,
    and the pictures asked for with the layout (drawn by the same ``dot`` run, at the drawing's
    own size: ``paper`` puts them on a page)."""

    geometry: dict
    positioned: str
    pictures: dict[str, bytes] = field(default_factory=dict)


def lay_out(source: str, pictures: tuple[str, ...] = ()) -> Placed:
    """Lay DOT text out once with ``dot``, drawing ``pictures`` (svg, pdf) in the same run:
    one process, one font load, no second layout read back."""
    with _scratch() as out:
        options = ["-Tjson", "-o", str(out / "l.json"), "-Tdot", "-o", str(out / "l.dot")]
        for fmt in pictures:
            options += [f"-T{fmt}", "-o", str(out / f"l.{fmt}")]
        _graphviz("dot", options, source)
        geometry = _whole("json", (out / "l.json").read_bytes())
        positioned = _whole("dot", (out / "l.dot").read_bytes())
        drawn = {fmt: _whole(fmt, (out / f"l.{fmt}").read_bytes()) for fmt in pictures}
    try:
        return Placed(json.loads(geometry.decode("utf-8")), positioned.decode("utf-8"), drawn)
    except ValueError:  # not JSON, or not UTF-8
        raise RenderError("Graphviz の配置(json)出力が読めません。Graphviz を入れ直してください") from None


def draw(positioned: str, formats: list[str], attrs: dict[str, str] | None = None) -> dict[str, bytes]:
    """Pictures of an already laid-out graph (``neato -n2`` keeps every position and spline),
    all formats from one run; ``attrs`` are graph attributes such as pad or dpi."""
    if attrs:   # stated last, so they override the graph's own (a -G option would not)
        settings = ", ".join(f'{name}="{value}"' for name, value in attrs.items())
        positioned = positioned.rstrip().removesuffix("}") + f"\tgraph [{settings}];\n}}\n"
    options: list[str] = []
    with _scratch() as out:
        for fmt in formats:
            options += [f"-T{fmt}", "-o", str(out / f"out.{fmt}")]
        _graphviz("neato", ["-n2", *options], positioned)
        return {fmt: _whole(fmt, (out / f"out.{fmt}").read_bytes()) for fmt in formats}


def run_dot(source: str, fmt: str) -> bytes:
    """Lay out DOT text with Graphviz's ``dot`` and return the output in ``fmt``."""
    with _scratch() as out:
        _graphviz("dot", [f"-T{fmt}", "-o", str(out / f"out.{fmt}")], source)
        return _whole(fmt, (out / f"out.{fmt}").read_bytes())


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
