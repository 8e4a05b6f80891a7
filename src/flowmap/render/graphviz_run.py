"""The thin edge between flowmap and the Graphviz program: fonts, layout, output bytes.

Everything that depends on the machine lives here — whether ``dot`` is installed, which
Japanese fonts fontconfig knows — so the DOT builder stays a pure function of the flow.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass

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


def run_dot(source: str, fmt: str) -> bytes:
    """Lay out DOT text with Graphviz's ``dot`` and return the output in ``fmt``."""
    import graphviz  # imported here so that building DOT text never needs it

    try:
        return graphviz.pipe("dot", fmt, source.encode("utf-8"), quiet=True)
    except graphviz.ExecutableNotFound:
        raise RenderError("Graphviz の dot コマンドが見つかりません。apt-get install graphviz "
                          "(Debian/Ubuntu)などで Graphviz を入れてください") from None
    except graphviz.CalledProcessError as err:
        detail = (err.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise RenderError("Graphviz が図を描けませんでした: " + (" / ".join(detail[:5]) or str(err))) from None


def layout_json(source: str) -> dict:
    """The positions Graphviz chose (``dot -Tjson``), for the drawio writer and the checks."""
    return json.loads(run_dot(source, "json").decode("utf-8"))
