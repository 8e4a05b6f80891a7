"""Which pages a flow's diagram is printed on, and on which paper.

The whole diagram on one page when its smallest text reaches MIN_TEXT_PT on one of the papers
tried (smallest first); otherwise the flow is split (see ``split``).
"""

from __future__ import annotations

from flowmap.flow.model import Flow
from flowmap.render.output import Page, Prepared, lay_out_page
from flowmap.render.paper import MIN_TEXT_PT, Paper
from flowmap.render.scene import build_scene
from flowmap.rules.findings import Finding


def paginate(flow: Flow, findings: list[Finding] | None, font: str, repair: bool,
             papers: list[Paper]) -> Prepared:
    whole = lay_out_page(build_scene(flow, findings), font, repair)
    for on in papers:
        if whole.smallest_pt(on) >= MIN_TEXT_PT:
            return Prepared([whole], on, font)
    return Prepared([whole], papers[-1], font)
