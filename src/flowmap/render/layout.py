"""One page's layout: Graphviz places a scene, the collision check looks at the result, and a
few repair rounds nudge what is still wrong. Shared by the paper pages (``pages``), the
written pictures (``output``) and the review page, so it imports none of them."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, TypeVar

from flowmap.render import style
from flowmap.render.check import Collision, find_collisions
from flowmap.render.dot import build_dot
from flowmap.render.graphviz_run import Placed, lay_out
from flowmap.render.paper import Paper, drawing_size, smallest_font
from flowmap.render.scene import Scene

REPAIR_ROUNDS = len(style.LAYOUT_TWEAKS)


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


def lay_out_page(scene: Scene, font: str = style.DEFAULT_FONT, repair: bool = True,
                 pictures: tuple[str, ...] = ()) -> Page:
    """Lay a scene out; with ``repair``, while something is drawn on a label or an arrow crosses
    a third party's box, nudge the edges concerned one level further along
    ``style.LAYOUT_TWEAKS`` and lay it out again. The loop ends as soon as a round would change
    nothing or did not make things better, so at most one layout is ever thrown away (the
    result is the same for the same flow). Each layout run also draws ``pictures`` (most pages
    need no repair, so the first run is usually the only one)."""
    tweaks: dict[str, int] = {}
    best: Page | None = None
    for _ in range(REPAIR_ROUNDS + 1):
        dot = build_dot(scene, font, tweaks=tweaks)
        placed = lay_out(dot, pictures)
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
