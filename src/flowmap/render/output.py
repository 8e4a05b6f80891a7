"""Writing a flow's diagram on paper in the formats asked for, each file atomically.

A flow becomes one or more pages (``flowmap.render.pages``), each laid out by
``flowmap.render.layout``; the pictures are drawn from the kept layout without laying it out
again. ``FORMATS`` is the one list of formats: a name, the file extension, and whether one file
holds every page (PDF, draw.io) or each page gets its own file (SVG, PNG, DOT).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flowmap.output.atomic import write_set
from flowmap.rules.findings import Finding
from flowmap.flow.model import Flow
from flowmap.render import style
from flowmap.render.check import Collision
from flowmap.render.drawio import build_drawio
from flowmap.render.graphviz_run import RenderError, draw
from flowmap.render.layout import Prepared
from flowmap.render.pages import paginate
from flowmap.render.paper import MIN_TEXT_PT, page_attrs, paper, pdf_on_paper, svg_on_paper

PNG_DPI = 150
FORMATS = ("svg", "png", "pdf", "dot", "drawio")
DEFAULT_FORMATS = ("svg", "png")
ONE_FILE = ("pdf", "drawio")     # every page in one file; the others get a file per page
DEFAULT_PAPERS = ("A4", "A3")    # tried in this order when no paper is asked for
# what one flow's diagram can show (the seeds draw up to ~50 steps); beyond this the layout takes
# minutes and no reader follows the pages, so it is refused at once with what to do
MAX_DRAWN_STEPS = 500
MAX_DRAWN_PARTIES = 500


def prepare(flow: Flow, findings: list[Finding] | None = None, font: str = style.DEFAULT_FONT,
            repair: bool = True, paper_name: str | None = None, landscape: bool = True,
            formats: tuple[str, ...] = ()) -> Prepared:
    """The pages of a flow for a paper: the named one, or the smallest of A4/A3 on which the
    whole diagram reaches MIN_TEXT_PT; split into several pages when one page cannot. The
    vector ``formats`` (svg, pdf) are drawn by the layout run itself where they can be."""
    if len(flow.steps) > MAX_DRAWN_STEPS or len(flow.parties) > MAX_DRAWN_PARTIES:
        raise RenderError(f"手順 {len(flow.steps):,}・当事者 {len(flow.parties):,} は一つの図に描ける量"
                          f"(手順 {MAX_DRAWN_STEPS}・当事者 {MAX_DRAWN_PARTIES} まで)を超えています。"
                          "業務ごとにフローを分けてください(validate・check・tables はこのままで使えます)")
    papers = [paper(name, landscape) for name in ((paper_name,) if paper_name else DEFAULT_PAPERS)]
    return paginate(flow, findings, font, repair, papers, tuple(f for f in ("svg", "pdf") if f in formats))


def _outputs(prepared: Prepared, formats: tuple[str, ...], dpi: int) -> dict[str, list[bytes]]:
    """The bytes of every format, page by page (one entry for the one-file formats)."""
    on = prepared.paper
    vector = [fmt for fmt in ("svg", "pdf") if fmt in formats]

    pages = prepared.pages
    drawn = [{fmt: page.placed.pictures[fmt] for fmt in vector if fmt in page.placed.pictures} for page in pages]
    # pages whose vector pictures were not drawn with the layout (split pages, numbered
    # afterwards) are drawn now, all in one run per core; PNG always is (its pixels are the
    # paper's, known only once the page is laid out)
    missing = [i for i, pictures in enumerate(drawn) if len(pictures) < len(vector)]
    for i, pictures in zip(missing, draw([pages[i].placed.positioned for i in missing], vector)):
        drawn[i].update(pictures)
    if "png" in formats:
        attrs = [{**page_attrs(on, *page.size), "dpi": f"{dpi * on.fit(*page.size):.4f}"} for page in pages]
        for pictures, png in zip(drawn, draw([page.placed.positioned for page in pages], ["png"], attrs)):
            pictures.update(png)
    out: dict[str, list[bytes]] = {}
    for fmt in formats:
        if fmt == "svg":
            out[fmt] = [svg_on_paper(d["svg"], on, *page.size) for d, page in zip(drawn, prepared.pages)]
        elif fmt == "png":
            out[fmt] = [d["png"] for d in drawn]
        elif fmt == "pdf":
            out[fmt] = [pdf_on_paper([(d["pdf"], page.size) for d, page in zip(drawn, prepared.pages)], on)]
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
    prepared = prepare(flow, findings, font, paper_name=paper_name, landscape=landscape, formats=formats)
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
