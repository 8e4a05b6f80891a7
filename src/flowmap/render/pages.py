"""Which pages a flow's diagram is printed on, and on which paper.

The whole diagram goes on one page when its smallest text reaches MIN_TEXT_PT on one of the
papers tried (smallest first). Otherwise it is split: an overview page (every party, one arrow
per pair of parties numbered with its steps), then a page per contract (the steps that involve
one contractor and its sub-contractors) and one for the ward's own steps, each cut into pages of
at most STEPS_PER_PAGE steps and cut again, into as many parts as its text size says, while a
page still misses the size (unless cutting does not help). Every page reads on its own: title,
page n/m, what it shows, and each party detailed on another page marked with that page's
subject. A flow of more than ONE_PAGE_STEPS steps is not laid out whole
at all (no seed-sized page holds that many at 7 pt), so no big layout is made only to be thrown
away.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from itertools import groupby

from flowmap.flow.model import Flow, Party, Step
from flowmap.flow.profiles import profile_of
from flowmap.flow.vocabulary import PartyKind
from flowmap.render.graphviz_run import Placed
from flowmap.render.layout import Page, Prepared, lay_out_page, lay_out_pages
from flowmap.render.paper import MIN_TEXT_PT, Paper
from flowmap.render.scene import Scene, StepView, build_scene
from flowmap.render.text import wrap
from flowmap.rules.findings import Finding

ONE_PAGE_STEPS = 20       # more steps than this never fit one page at 7 pt: split at once
STEPS_PER_PAGE = 12       # a contract with more steps is cut into pages of this many
WARD = "\0ward"          # the group of the ward's (the city's …) own steps


def paginate(flow: Flow, findings: list[Finding] | None, font: str, repair: bool,
             papers: list[Paper], pictures: tuple[str, ...] = ()) -> Prepared:
    """The pages of a flow; a flow drawn on one page gets its ``pictures`` from its layout run
    (split pages are drawn later, once their page numbers are written in)."""
    narrow = not papers[0].landscape
    if len(flow.steps) <= ONE_PAGE_STEPS:
        whole = lay_out_page(replace(build_scene(flow, findings), narrow=narrow), font, repair, pictures)
        if whole.scene.table and not narrow and whole.smallest_pt(papers[0]) < MIN_TEXT_PT:
            # too small on the first paper: the 対策表 right of the drawing instead of over it
            # suits a tall drawing (laid out only then, so a flow that fits costs nothing more)
            beside = lay_out_page(replace(build_scene(flow, findings), table_beside=True), font, repair, pictures)
            if beside.smallest_pt(papers[0]) > whole.smallest_pt(papers[0]):
                whole = beside
        for on in papers:
            if whole.smallest_pt(on) >= MIN_TEXT_PT:
                return Prepared([whole], on, font)
    on = papers[-1]
    return Prepared(split(flow, findings, font, repair, on), on, font)


def _root(flow: Flow, parties: dict[str, Party], party_id: str) -> Party:
    party, seen = parties[party_id], set()
    while party.within and party.within in parties and party.id not in seen:
        seen.add(party.id)
        party = parties[party.within]
    return party


def contract_of(flow: Flow, parties: dict[str, Party], step: Step) -> str:
    """The contract a step belongs to: its contractor's id (a sub-contractor's counts for the
    contractor it serves), or WARD for the ward's own work and its links outside."""
    for end in (step.source, step.target, step.via):
        if not end or end not in parties:
            continue
        root = _root(flow, parties, end)
        if root.kind == PartyKind.SUBCONTRACTOR and root.serves in parties:
            return _root(flow, parties, root.serves).id
        if root.kind == PartyKind.CONTRACTOR:
            return root.id
    return WARD


def _subflow(flow: Flow, parties: dict[str, Party], steps: list[Step], home: set[str]) -> Flow:
    """The flow cut down to some steps and the parties they touch (with their owners); parties
    detailed on another page keep only their name."""
    used: set[str] = set()
    for step in steps:
        for end in (step.source, step.target, step.via):
            while end and end in parties and end not in used:
                used.add(end)
                end = parties[end].within
    kept = []
    for party in flow.parties:
        if party.id in used:
            kept.append(party if party.id in home else party.model_copy(update={"safeguards": []}))
    return flow.model_copy(update={"steps": steps, "parties": kept, "safeguards": []})


def _overview(flow: Flow, findings: list[Finding] | None, part: list[Step] | None = None) -> Scene:
    """Every organisation (without its systems) and one arrow per pair of them, labelled with
    the numbers of its steps; work inside one organisation is left to its page. A ``part`` of
    the steps (an overview too large for one page) shows only the organisations they join."""
    parties = {p.id: p for p in flow.parties}
    touched = None if part is None else {_root(flow, parties, end).id for step in part
                                         for end in (step.source, step.target, step.via) if end in parties}
    roots = [p.model_copy(update={"safeguards": []}) for p in flow.parties
             if _root(flow, parties, p.id).id == p.id and (touched is None or p.id in touched)]
    steps = []
    for step in flow.steps if part is None else part:
        source, target = (_root(flow, parties, end).id for end in (step.source, step.target))
        if source != target:
            steps.append(step.model_copy(update={"from_": source, "to": target, "at": None, "safeguards": []}))
    flow = flow.model_copy(update={"parties": roots, "steps": steps, "safeguards": []})
    scene = build_scene(flow, findings)
    merged: dict[tuple, StepView] = {}
    for view in scene.steps:
        key = (view.source, view.target, view.via)
        if key in merged:
            merged[key].number += "・" + view.number
        else:
            view.title, view.timing, view.medium, view.carried, view.groups, view.safeguards = [], "", "", [], [], []
            merged[key] = view
    for view in merged.values():
        view.number = "\n".join(wrap(view.number, 16))
    for root in scene.roots:
        for party in root.walk():
            party.notes, party.safeguards = [], []
    scene.steps = list(merged.values())
    scene.table, scene.flow_safeguards = [], []
    scene.overview = True
    return scene


def split(flow: Flow, findings: list[Finding] | None, font: str, repair: bool, on: Paper) -> list[Page]:
    parties = {p.id: p for p in flow.parties}
    groups: dict[str, list[Step]] = {}
    for step in sorted(flow.steps, key=lambda s: (s.numbers, s.no)):
        groups.setdefault(contract_of(flow, parties, step), []).append(step)
    order = sorted(groups, key=lambda g: (g != WARD, min(s.numbers for s in groups[g])))
    home: dict[str, str] = {}
    for party in flow.parties:
        root = _root(flow, parties, party.id)
        if root.kind == PartyKind.SUBCONTRACTOR and root.serves in parties:
            root = _root(flow, parties, root.serves)
        home[party.id] = root.id if root.id in groups else WARD
    chunks: list[tuple[str, list[Step]]] = []
    for group in order:
        steps = groups[group]
        chunks += [(group, steps[i:i + STEPS_PER_PAGE]) for i in range(0, len(steps), STEPS_PER_PAGE)]
    # a party whose own group has no page (a ward that only hands data to contractors) is
    # detailed on the first page that shows it, so its safeguards are printed somewhere
    for group, steps in chunks:
        for step in steps:
            for end in (step.source, step.target, step.via):
                while end and end in parties:
                    if home[end] not in groups:
                        home[end] = group
                    end = parties[end].within
    # each page is laid out once, with its caption: the page numbers, not known until every
    # page is settled, are written in afterwards over same-width placeholders (digits are of one
    # width in the fonts used), so the layout does not change
    digits = len(str(2 * len(flow.steps) + 1))   # pages: at most one a step, and overviews as many
    placeholder = "9" * digits

    every_step = [step for group in order for step in groups[group]]

    def scene_of(group, steps: list[Step]) -> Scene:
        if group is OVERVIEW:   # the whole overview, or a part of it when the whole misses the size
            whole = len(steps) == len(every_step)
            scene = replace(_overview(flow, findings, None if whole else steps), narrow=not on.landscape)
            first, last = (_name(flow, parties, contract_of(flow, parties, step)) for step in (steps[0], steps[-1]))
            what = ("全体図(番号は各ページの手順)" if whole else
                    f"全体図の一部({first}{'' if first == last else '〜' + last}。番号は各ページの手順)")
            _caption(scene, placeholder, placeholder, what, {})
            return scene
        mine = {p for p, g in home.items() if g == group}
        scene = replace(build_scene(_subflow(flow, parties, steps, mine), findings), narrow=not on.landscape)
        away = {pid: home[pid] for pid in scene.parties if home[pid] != group}
        _caption(scene, placeholder, placeholder, f"{_name(flow, parties, group)}(手順 {_numbers(steps)})",
                 {pid: _name(flow, parties, g) for pid, g in away.items()})
        return scene

    # every page of a wave is laid out in one Graphviz call; a page still under the size is cut
    # for the next wave (unless cutting did not help); the order is kept, so the result is the
    # same on any machine
    chunks_to_do = [_Chunk(OVERVIEW, every_step)] + [_Chunk(group, steps) for group, steps in chunks]
    while any(chunk.page is None for chunk in chunks_to_do):
        todo = [chunk for chunk in chunks_to_do if chunk.page is None]
        for chunk, page in zip(todo, lay_out_pages([scene_of(c.group, c.steps) for c in todo], font, repair)):
            chunk.page = page
        settled = []
        for chunk in _undo_futile_cuts(chunks_to_do, on):
            reached = chunk.page.smallest_pt(on)
            if not chunk.final and reached < MIN_TEXT_PT and len(chunk.steps) > 1:
                settled += [_Chunk(chunk.group, part, cut_from=chunk) for part in _cut(chunk.steps, reached)]
            else:
                settled.append(chunk)
        chunks_to_do = settled
    return [_numbered(chunk.page, placeholder, number, len(chunks_to_do))
            for number, chunk in enumerate(chunks_to_do, 1)]


@dataclass(eq=False)   # a chunk is itself: compared by identity (its cut parts are grouped by it)
class _Chunk:
    """Some steps of one group, and the page they were laid out on once they are."""

    group: object
    steps: list[Step]
    page: Page | None = None
    cut_from: "_Chunk | None" = None   # the chunk these steps were cut from, until judged
    final: bool = False                # not to be cut again


def _undo_futile_cuts(chunks: list[_Chunk], on: Paper) -> list[_Chunk]:
    """Parts just laid out, put back into the page they were cut from when none of them prints
    larger than it did (what limits the size is then on every page — the title block on a
    narrow paper, one wide step — and cutting further would only make more small pages)."""
    out: list[_Chunk] = []
    for parent, parts in groupby(chunks, key=lambda chunk: chunk.cut_from):
        parts = list(parts)
        if parent is None:
            out += parts
        elif max(part.page.smallest_pt(on) for part in parts) < parent.page.smallest_pt(on) + 0.1:
            out.append(_Chunk(parent.group, parent.steps, parent.page, final=True))
        else:
            out += [_Chunk(part.group, part.steps, part.page) for part in parts]
    return out


OVERVIEW = object()           # the chunk that stands for the overview page


def _cut(steps: list[Step], reached_pt: float) -> list[list[Step]]:
    """A page's steps in as many even parts as its text size says it needs: the drawing's area
    grows about with its steps, so a page at ``reached_pt`` holds about (reached/7)² of them.
    Guessing the parts, rather than halving until a page fits, takes fewer waves (1,000
    generated steps: 1.4 layouts a page); a part that still misses the size is cut again."""
    fits = len(steps) * (reached_pt / MIN_TEXT_PT) ** 2
    parts = max(2, min(len(steps), math.ceil(len(steps) / max(fits, 1.0))))
    size, extra = divmod(len(steps), parts)
    cuts, start = [], 0
    for index in range(parts):
        end = start + size + (index < extra)
        cuts.append(steps[start:end])
        start = end
    return cuts


FIGURE_SPACE = "\u2007"   # as wide as a digit


def _numbers(steps: list[Step]) -> str:
    """The steps of a page as people read them: ⑥・⑦・⑧, or ⑥〜⑳ when there are many."""
    if len(steps) <= 8:
        return "・".join(step.no for step in steps)
    return f"{steps[0].no}〜{steps[-1].no}"


def _name(flow: Flow, parties: dict[str, Party], group: str) -> str:
    return f"{profile_of(flow).words.body}の処理" if group == WARD else parties[group].name


def _numbered(page: Page, placeholder: str, number: int, total: int) -> Page:
    """A page with its real page number written over the placeholder of its caption. Where the
    number is shorter, figure spaces (as wide as a digit) end the caption's line, so the line
    keeps the width it was laid out with and the padding does not show."""
    old, new = f"{placeholder}/{placeholder} ページ", f"{number}/{total} ページ"
    pad = FIGURE_SPACE * (len(old) - len(new))
    line_end = re.compile(re.escape(old) + r'([^<"\n]*)<BR')   # in the HTML label, not in xdot text

    def numbered(text: str) -> str:
        return line_end.sub(lambda found: f"{new}{found.group(1)}{pad}<BR", text).replace(old, new + pad)

    page.scene.page = page.scene.page.replace(old, new)
    placed = Placed(page.placed.geometry, numbered(page.placed.positioned))  # pictures: drawn anew
    return replace(page, dot=numbered(page.dot), placed=placed)


def _caption(scene: Scene, number: str, total: str, what: str, away: dict[str, str]) -> None:
    """Page n/m and what the page shows in the title; a party detailed on another page says
    which (by that page's subject, since page numbers are settled last)."""
    scene.page = f"{number}/{total} ページ: {what}"
    for party_id, where in away.items():
        scene.parties[party_id].subtitle += f"(詳細は「{where}」のページ)"
