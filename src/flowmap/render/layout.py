"""One page's layout: Graphviz places a scene, the collision check looks at the result, and a
few repair rounds nudge what is still wrong. Shared by the paper pages (``pages``), the
written pictures (``output``) and the review page, so it imports none of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from flowmap.render import style
from flowmap.render.check import Collision, find_collisions
from flowmap.render.dot import build_dot
from flowmap.render.graphviz_run import Placed, lay_out
from flowmap.render.paper import Paper, drawing_size, smallest_font
from flowmap.render.scene import Scene

REPAIR_ROUNDS = len(style.LAYOUT_TWEAKS)


@dataclass(frozen=True)
class Page:
    """One laid-out page: its scene, the DOT text, Graphviz's layout and what is still wrong."""

    scene: Scene
    dot: str
    placed: Placed
    tweaks: dict[str, int] = field(default_factory=dict)
    collisions: tuple[Collision, ...] = ()

    @cached_property
    def size(self) -> tuple[float, float]:
        return drawing_size(self.placed.geometry)

    @cached_property
    def smallest_font(self) -> float:
        """The smallest font drawn on the page, at the drawing's own size (read once: the
        pagination asks for every page in every wave)."""
        return smallest_font(self.placed.geometry) or style.FONT_SIZE

    def smallest_pt(self, on: Paper) -> float:
        """The smallest text of this page printed on ``on``, in points."""
        return self.smallest_font * on.fit(*self.size)


def lay_out_pages(scenes: list[Scene], font: str = style.DEFAULT_FONT, repair: bool = True,
                  pictures: tuple[str, ...] = ()) -> list[Page]:
    """Lay scenes out; with ``repair``, while something is drawn on a label or an arrow crosses
    a third party's box, nudge the edges concerned one level further along
    ``style.LAYOUT_TWEAKS`` and lay that page out again. A page's loop ends as soon as a round
    would change nothing or did not make things better, so at most one of its layouts is ever
    thrown away (the result is the same for the same flow). Each round lays out every page
    still open in one Graphviz run per core, drawing ``pictures`` with the layout (most pages
    need no repair, so the first run is usually the only one)."""
    tweaks: list[dict[str, int]] = [{} for _ in scenes]
    best: list[Page | None] = [None] * len(scenes)
    todo = list(range(len(scenes)))
    for _ in range(REPAIR_ROUNDS + 1):
        if not todo:
            break
        dots = [build_dot(scenes[i], font, tweaks=tweaks[i]) for i in todo]
        again = []
        for i, dot, placed in zip(todo, dots, lay_out(dots, pictures)):
            found = tuple(find_collisions(placed.geometry)) if repair else ()
            if best[i] is not None and len(found) >= len(best[i].collisions):
                continue                 # no better: keep the previous layout
            best[i] = Page(scenes[i], dot, placed, dict(tweaks[i]), found)
            nudged = dict(tweaks[i])
            for key in {collision.label for collision in found}:
                nudged[key] = min(nudged.get(key, 0) + 1, REPAIR_ROUNDS)
            if found and nudged != tweaks[i]:
                tweaks[i] = nudged
                again.append(i)
        todo = again
    return best


def lay_out_page(scene: Scene, font: str = style.DEFAULT_FONT, repair: bool = True,
                 pictures: tuple[str, ...] = ()) -> Page:
    """One scene laid out as ``lay_out_pages`` does."""
    return lay_out_pages([scene], font, repair, pictures)[0]


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
