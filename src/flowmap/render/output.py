"""Writing a flow's diagram on paper in the formats asked for, each file atomically.

A flow becomes one or more pages (``flowmap.render.pages``); each page is laid out by Graphviz
once per repair round, and the pictures are drawn from the kept layout without laying it out
again. ``FORMATS`` is the one list of formats: a name, the file extension, and whether one file
holds every page (PDF, draw.io) or each page gets its own file (SVG, PNG, DOT).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, TypeVar

from flowmap.output.atomic import write_set
from flowmap.rules.findings import Finding
from flowmap.flow.model import Flow
from flowmap.render import style
from flowmap.render.check import Collision, find_collisions
from flowmap.render.dot import build_dot
from flowmap.render.drawio import build_drawio
from flowmap.render.graphviz_run import Placed, RenderError, draw, lay_out
from flowmap.render.paper import (MIN_TEXT_PT, Paper, drawing_size, page_attrs, paper, pdf_on_paper,
                                  smallest_font, svg_on_paper)
from flowmap.render.scene import Scene

PNG_DPI = 150
REPAIR_ROUNDS = len(style.LAYOUT_TWEAKS)
FORMATS = ("svg", "png", "pdf", "dot", "drawio")
DEFAULT_FORMATS = ("svg", "png")
ONE_FILE = ("pdf", "drawio")     # every page in one file; the others get a file per page
DEFAULT_PAPERS = ("A4", "A3")    # tried in this order when no paper is asked for
# what one flow's diagram can show (the seeds draw up to ~50 steps); beyond this the layout takes
# minutes and no reader follows the pages, so it is refused at once with what to do
MAX_DRAWN_STEPS = 500
MAX_DRAWN_PARTIES = 500


T = TypeVar("T")
R = TypeVar("R")


def in_parallel(work: Callable[[T], R], jobs: list[T]) -> list[R]:
    """``work`` on every job, results in job order; jobs run side by side on the machine's
    cores (each mostly waits on its own Graphviz process, so threads are enough)."""
    if len(jobs) <= 1:
        return [work(job) for job in jobs]
    with ThreadPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 1)) as pool:
        return list(pool.map(work, jobs))


@dataclass(frozen=True)
class Page:
    """One laid-out page: its scene, the DOT text, Graphviz's layout and what is still wrong."""

    scene: Scene
    dot: str
    placed: Placed
    tweaks: dict[str, int] = field(default_factory=dict)
    collisions: tuple[Collision, ...] = ()

    @property
    def size(self) -> tuple[float, float]:
        return drawing_size(self.placed.geometry)

    def smallest_pt(self, on: Paper) -> float:
        """The smallest text of this page printed on ``on``, in points."""
        return (smallest_font(self.placed.geometry) or style.FONT_SIZE) * on.fit(*self.size)


def lay_out_page(scene: Scene, font: str = style.DEFAULT_FONT, repair: bool = True) -> Page:
    """Lay a scene out; with ``repair``, while something is drawn on a label or an arrow crosses
    a third party's box, nudge the edges concerned one level further along
    ``style.LAYOUT_TWEAKS`` and lay it out again. The loop ends as soon as a round would change
    nothing or did not make things better, so at most one layout is ever thrown away (the
    result is the same for the same flow)."""
    tweaks: dict[str, int] = {}
    best: Page | None = None
    for _ in range(REPAIR_ROUNDS + 1):
        dot = build_dot(scene, font, tweaks=tweaks)
        placed = lay_out(dot)
        found = tuple(find_collisions(placed.geometry)) if repair else ()
        if best is not None and len(found) >= len(best.collisions):
            break                        # no better: keep the previous layout
        best = Page(scene, dot, placed, dict(tweaks), found)
        nudged = dict(tweaks)
        for key in {collision.label for collision in found}:
            nudged[key] = min(nudged.get(key, 0) + 1, REPAIR_ROUNDS)
        if not found or nudged == tweaks:
            break
        tweaks = nudged
    return best


@dataclass(frozen=True)
class Prepared:
    """The pages of one flow and the paper they are printed on."""

    pages: list[Page]
    paper: Paper
    font: str

    @property
    def dot(self) -> str:
        return self.pages[0].dot

    @property
    def scene(self) -> Scene:
        return self.pages[0].scene

    @property
    def tweaks(self) -> dict[str, int]:
        return self.pages[0].tweaks

    @property
    def collisions(self) -> tuple[Collision, ...]:
        return tuple(c for page in self.pages for c in page.collisions)

    def smallest_pt(self) -> list[float]:
        return [page.smallest_pt(self.paper) for page in self.pages]


def prepare(flow: Flow, findings: list[Finding] | None = None, font: str = style.DEFAULT_FONT,
            repair: bool = True, paper_name: str | None = None, landscape: bool = True) -> Prepared:
    """The pages of a flow for a paper: the named one, or the smallest of A4/A3 on which the
    whole diagram reaches MIN_TEXT_PT; split into several pages when one page cannot."""
    from flowmap.render.pages import paginate

    if len(flow.steps) > MAX_DRAWN_STEPS or len(flow.parties) > MAX_DRAWN_PARTIES:
        raise RenderError(f"手順 {len(flow.steps):,}・当事者 {len(flow.parties):,} は一つの図に描ける量"
                          f"(手順 {MAX_DRAWN_STEPS}・当事者 {MAX_DRAWN_PARTIES} まで)を超えています。"
                          "業務ごとにフローを分けてください(validate・check・tables はこのままで使えます)")
    papers = [paper(name, landscape) for name in ((paper_name,) if paper_name else DEFAULT_PAPERS)]
    return paginate(flow, findings, font, repair, papers)


def _outputs(prepared: Prepared, formats: tuple[str, ...], dpi: int) -> dict[str, list[bytes]]:
    """The bytes of every format, page by page (one entry for the one-file formats)."""
    on = prepared.paper
    vector = [fmt for fmt in ("svg", "pdf") if fmt in formats]

    def pictures_of(page: Page) -> dict[str, bytes]:
        attrs = page_attrs(on, *page.size)
        pictures = draw(page.placed.positioned, vector, attrs) if vector else {}
        if "png" in formats:
            scale = on.fit(*page.size)
            pictures.update(draw(page.placed.positioned, ["png"], {**attrs, "dpi": f"{dpi * scale:.4f}"}))
        return pictures

    drawn = in_parallel(pictures_of, prepared.pages)
    out: dict[str, list[bytes]] = {}
    for fmt in formats:
        if fmt == "svg":
            out[fmt] = [svg_on_paper(d["svg"], on) for d in drawn]
        elif fmt == "png":
            out[fmt] = [d["png"] for d in drawn]
        elif fmt == "pdf":
            out[fmt] = [pdf_on_paper([d["pdf"] for d in drawn], on)]
        elif fmt == "dot":
            out[fmt] = [page.dot.encode("utf-8") for page in prepared.pages]
        elif fmt == "drawio":
            out[fmt] = [build_drawio([(p.scene, p.placed.geometry) for p in prepared.pages], prepared.font)]
    return out


@dataclass(frozen=True)
class Rendered:
    paths: list[Path]
    prepared: Prepared

    @property
    def collisions(self) -> tuple[Collision, ...]:
        return self.prepared.collisions

    def page_report(self) -> list[tuple[int, str, float]]:
        """(page number, paper, smallest text in pt) of every page."""
        on = self.prepared.paper
        return [(n, on.label, pt) for n, pt in enumerate(self.prepared.smallest_pt(), 1)]

    @property
    def too_small(self) -> list[int]:
        return [n for n, _, pt in self.page_report() if pt < MIN_TEXT_PT - 1e-6]


def render_flow(flow: Flow, out_dir: Path, stem: str, formats: tuple[str, ...] = DEFAULT_FORMATS,
                findings: list[Finding] | None = None, font: str = style.DEFAULT_FONT,
                paper_name: str | None = None, landscape: bool = True, dpi: int = PNG_DPI) -> Rendered:
    """Write ``out_dir/stem.<ext>`` for each format (``stem-<n>.<ext>`` per page for SVG, PNG
    and DOT when there are several pages); every output is produced before any is written, so
    a Graphviz failure leaves the folder as it was. Raises RenderError."""
    prepared = prepare(flow, findings, font, paper_name=paper_name, landscape=landscape)
    files = []
    for fmt, datas in _outputs(prepared, formats, dpi).items():
        if len(datas) == 1:
            files.append((out_dir / f"{stem}.{fmt}", datas[0]))
        else:
            files += [(out_dir / f"{stem}-{n}.{fmt}", data) for n, data in enumerate(datas, 1)]
    write_set(files)  # all or none: never new and stale pictures of one flow side by side
    _remove_stale_pages(out_dir, stem, formats, {path for path, _ in files})
    return Rendered([path for path, _ in files], prepared)


def _remove_stale_pages(out_dir: Path, stem: str, formats: tuple[str, ...], written: set[Path]) -> None:
    """Pages of an earlier run of this flow that this run did not write (it had more pages, or
    one page where there are now several): left, they would mix with the new set."""
    import re

    for fmt in formats:
        page = re.compile(rf"{re.escape(stem)}(-\d+)?\.{fmt}")
        for old in out_dir.glob(f"{stem}*.{fmt}"):
            if old not in written and page.fullmatch(old.name):
                old.unlink(missing_ok=True)
