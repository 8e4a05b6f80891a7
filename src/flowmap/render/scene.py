"""What the diagram shows, decided once for every output format (DOT, drawio).

A ``Scene`` is built from a flow (and optional findings): which parties are boxes and what sits
inside them, which column each goes in, the text of every step arrow, where each item group
box and safeguard box goes, and which findings point at what. It holds plain strings only —
the label *texts*, already wrapped — so the writers never look at the model again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flowmap.rules.findings import Finding, Severity
from flowmap.flow.defaults import effective_transport
from flowmap.flow.model import FreeSafeguard, Flow, Party, SafeguardRef, Step
from flowmap.flow.profiles import Words, profile_of
from flowmap.render import style
from flowmap.output.textwidth import display_width
from flowmap.render.text import wrap
from flowmap.flow.vocabulary import SAFEGUARDS, Frequency, Medium, PartyKind, Transport


@dataclass
class Mark:
    """The findings that point at one thing: the numbers of its gaps (指摘) and their worst
    severity, and apart the numbers of its questions (確認事項), which colour nothing."""

    numbers: list[int] = field(default_factory=list)
    severity: Severity | None = None
    questions: list[int] = field(default_factory=list)

    def add(self, number: int, severity: Severity, question: bool = False) -> None:
        if question:
            self.questions.append(number)
            return
        self.numbers.append(number)
        if self.severity is None or severity > self.severity:
            self.severity = severity


@dataclass
class GroupBox:
    key: str                  # stable id: "group-<group id>"
    title: str
    lines: list[str]          # the items, wrapped


@dataclass
class StepView:
    step: Step
    key: str                  # stable ASCII id from the number: ③③' → "s3-3p"
    source: str               # party id
    target: str
    via: str | None
    number: str               # as written: ②'
    title: list[str]          # the label, wrapped (the first line follows the number)
    timing: str               # (R6.7.2~12.31)(月1回)
    medium: str               # (USBメモリ・手渡し)
    carried: list[str]        # "情報: …" for what is not shown in a box here
    groups: list[GroupBox]
    safeguards: list[str]     # "・鍵付きカバンに入れて運搬"
    mark: Mark = field(default_factory=Mark)

    @property
    def internal(self) -> bool:
        return self.source == self.target


@dataclass
class PartyView:
    party: Party
    key: str                  # "party-<id>"
    name: list[str]           # the name, wrapped
    subtitle: str             # kind label, or the party's note when short
    column: int
    rank: int = 0             # left-to-right position: the column, then the level inside its owner
    children: list["PartyView"] = field(default_factory=list)
    notes: list[StepView] = field(default_factory=list)   # internal steps done here
    safeguards: list[str] = field(default_factory=list)
    mark: Mark = field(default_factory=Mark)

    @property
    def is_box(self) -> bool:
        """Drawn as a box (cluster) holding things, rather than as a single node."""
        return bool(self.children or self.notes or self.safeguards)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class NumberedFinding:
    number: int
    finding: Finding
    target: str               # what it points at, as people read it (② / 委託事業者 / 全体)


@dataclass
class TableRow:
    """One safeguard of the table beside the drawing: the mark drawn in its place, whose it is
    (a party's name, a step number, 全体) under which heading, and its text, wrapped."""

    number: int
    owner: str
    heading: str              # 運用上の対策 / システム上の対策 / 情報保護対策
    lines: list[str]


class Marks:
    """Numbers the safeguards set in the table, in the order they are drawn."""

    def __init__(self) -> None:
        self.rows: list[TableRow] = []

    def add(self, owner: str, heading: str, refs: list[SafeguardRef], words: Words) -> str:
        """Put ``refs`` in the table and return the mark the drawing shows instead: 対策表 3〜8."""
        first = len(self.rows) + 1
        for ref in refs:
            self.rows.append(TableRow(len(self.rows) + 1, owner, heading,
                                      wrap(safeguard_text(ref, words), style.TABLE_WIDTH) or [""]))
        return self.mark(first)

    def mark(self, first: int) -> str:
        """対策表 3〜8: the rows from ``first`` to the last one added."""
        last = len(self.rows)
        return f"対策表 {first}" if first == last else f"対策表 {first}〜{last}"


@dataclass
class Scene:
    flow_id: str
    title: list[str]
    reference: str            # 資料番号
    department: str
    roots: list[PartyView]    # top-level parties, sorted by (column, kind, file order)
    steps: list[StepView]     # transfers between parties, sorted by step number
    flow_safeguards: list[str]
    findings: list[NumberedFinding]
    parties: dict[str, PartyView]
    words: Words              # the municipality's words (legend, party kinds, safeguards)
    table: list[TableRow] = field(default_factory=list)   # safeguards set apart (compact form)
    page: str = ""            # "2/5 ページ: …" when the diagram is split over pages
    overview: bool = False    # arrows carry their step numbers only
    table_beside: bool = False   # the 対策表 right of the drawing rather than with the title
    narrow: bool = False      # for portrait paper: the flow runs down the page; legend and 対策表 under the title

    def listed_findings(self) -> list[NumberedFinding]:
        """The findings listed under the title: all of them, unless the flow is split over
        pages; then a page lists those about the steps it draws and the parties it shows, and
        the overview those about the flow as a whole (or a party no step touches), so no page
        carries the whole list (the numbers stay those of the whole flow)."""
        if not self.page:
            return self.findings
        drawn = {view.number for view in self.step_views()}
        touched = {end for view in self.steps for end in (view.source, view.target, view.via)}

        def here(numbered: NumberedFinding) -> bool:
            step = (numbered.finding.step or "").replace("′", "'").replace("’", "'")
            party = numbered.finding.party
            if self.overview:
                return not step and (not party or party not in touched)
            return step in drawn or (not step and party in self.parties)

        return [numbered for numbered in self.findings if here(numbered)]

    def step_views(self) -> list[StepView]:
        """Every step, transfers and internal ones, in number order."""
        internal = [n for root in self.roots for view in root.walk() for n in view.notes]
        return sorted(self.steps + internal, key=lambda s: (s.step.numbers, s.number))


def step_key(step: Step) -> str:
    """An ASCII id that survives any label: ② → s2, ②' → s2p, ③③' → s3-3p."""
    return "s" + "-".join(f"{n.base}{'p' * n.primes}" for n in step.numbers)


def safeguard_text(ref: SafeguardRef, words: Words) -> str:
    if isinstance(ref, FreeSafeguard):
        return ref.text
    return words.safeguard(ref) if ref in SAFEGUARDS else ref


def bullets(refs: list[SafeguardRef], words: Words) -> list[str]:
    """Safeguards as the bullet lines of a box: each wrapped, continuation lines indented."""
    lines: list[str] = []
    for ref in refs:
        for index, line in enumerate(wrap(safeguard_text(ref, words), style.SAFEGUARD_WIDTH - 2)):
            lines.append(("・" if index == 0 else "\u3000") + line)
    return lines


def party_bullets(refs: list[SafeguardRef], words: Words, owner: str = "", marks: Marks | None = None) -> list[str]:
    """A party's safeguards under the seed checklist's two headings, 運用上 and システム上. With
    ``marks``, a heading with more than style.SHOWN_SAFEGUARDS of them shows only its marks
    (対策表 1〜8) and the texts go to the table (the compact form a hand-drawn 資料 uses)."""
    def scope(ref: SafeguardRef) -> str:
        known = None if isinstance(ref, FreeSafeguard) else SAFEGUARDS.get(ref)
        return known.scope if known else "operational"

    headings = [(heading, [r for r in refs if scope(r) == kind])
                for heading, kind in (("運用上の対策", "operational"), ("システム上の対策", "system"))]
    headings = [(heading, chosen) for heading, chosen in headings if chosen]
    if marks is not None and len(refs) > style.SHOWN_SAFEGUARDS:
        # one mark for the whole list (one line instead of two per heading): the table keeps
        # the headings
        first = len(marks.rows) + 1
        for heading, chosen in headings:
            marks.add(owner, heading, chosen, words)
        return ["・" + marks.mark(first)]
    lines: list[str] = []
    for heading, chosen in headings:
        lines += [f"【{heading}】", *bullets(chosen, words)]
    return lines


def step_bullets(step: Step, words: Words, marks: Marks | None) -> list[str]:
    """A step's safeguards as bullets, or as one mark into the table when there are many."""
    if marks is not None and len(step.safeguards) > style.SHOWN_SAFEGUARDS:
        number = step.no.replace("′", "'").replace("’", "'")
        return ["・" + marks.add(number, "情報保護対策", step.safeguards, words)]
    return bullets(step.safeguards, words)


def _medium_label(step: Step, words: Words | None = None) -> str:
    """The medium as drawn: a medium in words as written, a vocabulary one by its label."""
    if step.medium == Medium.OTHER and step.medium_text:
        return step.medium_text
    return words.label(step.medium) if words else step.medium.label


def _medium_text(step: Step, words: Words | None = None, transport: Transport | None = None) -> str:
    """(USBメモリ・手渡し); ``transport`` is the step's own or the one a hand-over default gives."""
    step = step if transport in (None, step.transport) else step.model_copy(update={"transport": transport})
    text = _medium_core(step, words)
    if step.password is not None:   # the password's route, so PPAP is seen on the arrow
        text += f"(パスワード: {step.password.label})"
    return text


def _medium_core(step: Step, words: Words | None) -> str:
    if step.source == step.target:   # internal work: only the medium it is done on
        if step.medium == Medium.UNKNOWN:
            return "(記録媒体 不明)"
        return "(システム内)" if step.medium == Medium.SYSTEM else f"({_medium_label(step, words)})"
    parts = []
    if step.medium not in (Medium.UNKNOWN,) and not (step.medium == Medium.SYSTEM and step.transport == Transport.IN_PLACE):
        parts.append(_medium_label(step, words))
    if step.transport not in (Transport.UNKNOWN, Transport.IN_PLACE) and step.transport.label not in parts:
        parts.append(step.transport.label)
    if not parts:
        if step.medium == Medium.UNKNOWN and step.transport in (Transport.UNKNOWN,):
            return "(媒体・運搬 不明)"
        if step.medium == Medium.SYSTEM:
            return "(システム内)"
        return ""
    if step.medium != Medium.UNKNOWN and step.transport == Transport.UNKNOWN and step.source != step.target:
        parts.append("運搬 不明")
    return "(" + "・".join(parts) + ")"


def council_short(council) -> str:
    """答申・了承済み(答申第5号) — the status and the number, as short as a label allows."""
    return council.status.label + (f"({council.number})" if council.number else "")


def _timing_text(step: Step) -> str:
    parts = []
    if step.when:
        parts.append(f"({step.when})")
    if step.frequency not in (Frequency.UNKNOWN, Frequency.ONCE):
        parts.append(f"({step.frequency.label})")
    return "".join(parts)


class _Builder:
    def __init__(self, flow: Flow, findings: list[Finding] | None, compact: bool = True):
        self.flow = flow
        self.words = profile_of(flow).words
        self.marks = Marks() if compact else None
        ordered = sorted(findings or [])
        self.findings = [f for f in ordered if not f.question] + [f for f in ordered if f.question]
        self.index = {p.id: i for i, p in enumerate(flow.parties)}
        self.labels = {i.id: i.label for i in flow.items}
        # every name an item is referred to by (id, label, aliases, slips); the first item wins
        self.item_ids: dict[str, str] = {}
        for item in flow.items:
            for name in (item.id, item.label, *item.aliases, *(slip.text for slip in item.slips)):
                self.item_ids.setdefault(name, item.id)
        self.shown_groups: set[str] = set()
        self.tags: dict[str, str] = {}
        self.step_groups: dict[int, list] = {}   # id(step) → what groups_of found

    # --- steps -----------------------------------------------------------------------------

    def groups_of(self, step: Step) -> list:
        """The groups a step carries: named in its items, or wholly contained in them."""
        named = set(step.items)
        out, covered = [], set()
        for group in self.flow.groups:
            if group.id in named or group.label in named:
                ids = {self._item_id(member) for member in group.items}
                out.append((group, ids))
                covered |= ids
        rest = set(step.item_ids) - covered
        for group in self.flow.groups:
            ids = {self._item_id(member) for member in group.items}
            if group not in [g for g, _ in out] and len(ids) > 1 and ids <= rest:
                out.append((group, ids))
                rest -= ids
        return out

    def group_tags(self, steps: list[Step]) -> dict[str, str]:
        """Short names (項目A, 項目B …) for item groups with a long name that several arrows
        carry: the box by the first arrow says 「項目A: <name>」, later arrows only 「項目A」.
        Each step's groups are kept for ``step_view``, so they are found once."""
        carried: dict[str, list] = {}          # in the order the arrows first carry them
        for step in steps:
            self.step_groups[id(step)] = self.groups_of(step)
            for group, _ in self.step_groups[id(step)]:
                carried.setdefault(group.id, []).append(group)
        tags: dict[str, str] = {}
        for group_id, groups in carried.items():
            if len(groups) > 1 and display_width(groups[0].label) > style.GROUP_NAME_WIDTH:
                tags[group_id] = f"項目{chr(ord('A') + len(tags))}" if len(tags) < 26 else f"項目{len(tags) + 1}"
        return tags

    def _item_id(self, ref: str) -> str:
        return self.item_ids.get(ref, ref)

    def step_view(self, step: Step) -> StepView:
        groups = self.step_groups.get(id(step)) or self.groups_of(step)
        boxes, covered, names = [], set(), []
        for group, ids in groups:
            covered |= ids
            tag = self.tags.get(group.id)
            if group.id not in self.shown_groups:
                self.shown_groups.add(group.id)
                items = "、".join(self.labels.get(i, i) for i in self._ordered(group))
                title = f"{tag}: {group.label}" if tag else group.label
                boxes.append(GroupBox(f"group-{group.id}", title, wrap(items, style.ITEMS_WIDTH)))
            else:
                names.append(tag or group.label)
        rest = [self.labels[i] for i in step.item_ids if i not in covered]
        mention = names + rest
        mention += [f"{c.label}すべて" for c in step.covers]
        carried = wrap("情報: " + "、".join(mention), style.STEP_WIDTH) if mention else []
        carried += self.step_extras(step)
        number = step.no.replace("′", "'").replace("’", "'")
        title = wrap(step.label, style.STEP_WIDTH - 2 * len(step.numbers) - 1)
        return StepView(
            step=step, key=step_key(step), source=step.source, target=step.target, via=step.via,
            number=number, title=title, timing=_timing_text(step),
            medium=_medium_text(step, self.words, effective_transport(self.flow, step)),
            carried=carried, groups=boxes, safeguards=[],
        )

    def step_extras(self, step: Step) -> list[str]:
        """Lines under the items: the tasks a hand-over serves and the council's approval."""
        lines = []
        if step.tasks:
            target = next((p for p in self.flow.parties if p.id == step.to), None)
            owner = self.root_of(target) if target else None
            tasks = {t.id: t.label for p in self.flow.parties if owner and self.root_of(p) is owner for t in p.tasks}
            lines += wrap("業務: " + "、".join(tasks.get(t, t) for t in step.tasks), style.STEP_WIDTH)
        if step.council is not None:
            lines += wrap(f"審議会: {council_short(step.council)}", style.STEP_WIDTH)
        return lines

    def _ordered(self, group) -> list[str]:
        return [self._item_id(member) for member in group.items]

    # --- parties ---------------------------------------------------------------------------

    def root_of(self, party: Party) -> Party:
        seen = set()
        while party.within and party.within not in seen:
            seen.add(party.id)
            party = self.flow.party(party.within)
        return party

    def columns(self, views: list[StepView]) -> dict[str, int]:
        """Column of each top-level party: fixed by kind, or between the parties it acts with."""
        roots = [p for p in self.flow.parties if p.within is None]
        column = {p.id: style.COLUMNS[p.kind] for p in roots if p.kind in style.COLUMNS}
        for party in roots:
            if party.kind == PartyKind.SUBCONTRACTOR and party.serves in {p.id for p in self.flow.parties}:
                column[party.id] = column.get(self.root_of(self.flow.party(party.serves)).id, 4) + 2
        for party in roots:
            if party.id in column:
                continue
            ends = []
            for view in views:
                src, dst = self.root_of(self.flow.party(view.source)).id, self.root_of(self.flow.party(view.target)).id
                if view.via == party.id:
                    ends += [column.get(src, 0), column.get(dst, 0)]
                elif party.id in (src, dst) and src != dst:
                    other = dst if src == party.id else src
                    if other in column:
                        ends.append(column[other])
            if ends and min(ends) == max(ends):
                # acts with one column only: just beside it, towards the middle
                column[party.id] = ends[0] + (2 if ends[0] < style.COLUMNS[PartyKind.SUBJECTS] else -2)
            else:
                column[party.id] = round(sum(ends) / len(ends)) if ends else 2
        return column

    def party_view(self, party: Party, column: int) -> PartyView:
        subtitle = self.words.label(party.kind)
        if party.kind == PartyKind.SUBCONTRACTOR and party.approval is not None:
            subtitle += f"・{party.approval.label}"
        if party.certifications:
            subtitle += "・" + "・".join(c.label for c in party.certifications)
        if party.count is not None:
            subtitle += f"・{party.count.text}拠点" if party.count.number else "・複数拠点"
        if party.cloud is not None:
            subtitle += f"・クラウド({party.cloud.provider or '事業者不明'})"
        if party.council is not None:
            subtitle += f"・審議会: {council_short(party.council)}"
        return PartyView(
            party=party, key=f"party-{party.id}", name=wrap(party.name, style.PARTY_WIDTH),
            subtitle=subtitle, column=column,
        )

    def access_lines(self, party: Party) -> list[str]:
        """A shared system's users, how they connect and what they see, as bullet lines."""
        if not party.access:
            return []
        lines = ["【利用者】"]
        for grant in party.access:
            name = grant.party_name   # a split page may leave the user out of its parties
            seen = "、".join(self.labels.get(i, i) for i in grant.item_ids)
            text = f"{name}({grant.mode.label}・{grant.means.label}): {seen}"
            for index, line in enumerate(wrap(text, style.SAFEGUARD_WIDTH - 2)):
                lines.append(("・" if index == 0 else "\u3000") + line)
        return lines

    def build(self) -> Scene:
        flow = self.flow
        ordered_steps = sorted(flow.steps, key=lambda s: (s.numbers, s.no))
        self.tags = self.group_tags(ordered_steps)
        views = [self.step_view(step) for step in ordered_steps]
        columns = self.columns(views)
        party_views: dict[str, PartyView] = {}
        for party in flow.parties:
            party_views[party.id] = self.party_view(party, columns.get(self.root_of(party).id, 0))
        roots = []
        for party in sorted(flow.parties, key=self._party_order):
            view = party_views[party.id]
            if party.within and party.within in party_views and party.within != party.id:
                party_views[party.within].children.append(view)
            else:
                roots.append(view)
        transfers = []
        for view in views:
            if view.internal:
                party_views[view.source].notes.append(view)
            else:
                transfers.append(view)
        assign_ranks(roots, transfers)
        self.set_safeguards(roots, views)
        numbered = self.number_findings(party_views, views)
        return Scene(
            flow_id=flow.submission.id,
            title=wrap(flow.submission.title, style.TITLE_WIDTH),
            reference=flow.submission.diagram_ref or "",
            department=flow.submission.department,
            roots=roots,
            steps=transfers,
            flow_safeguards=self.flow_bullets(),
            words=self.words,
            findings=numbered,
            parties=party_views,
            table=self.marks.rows if self.marks else [],
        )

    def set_safeguards(self, roots: list[PartyView], views: list[StepView]) -> None:
        """Safeguard lines of parties then steps, in drawing order, so table marks run in order."""
        for root in roots:
            for view in root.walk():
                view.safeguards = party_bullets(view.party.safeguards, self.words, view.party.name, self.marks)
                view.safeguards += self.access_lines(view.party)
        for view in views:
            view.safeguards = step_bullets(view.step, self.words, self.marks)

    def flow_bullets(self) -> list[str]:
        refs = self.flow.safeguards
        if self.marks is not None and len(refs) > style.SHOWN_SAFEGUARDS:
            return ["・" + self.marks.add("全体", "情報保護対策", refs, self.words)]
        return bullets(refs, self.words)

    def _party_order(self, party: Party) -> tuple:
        kind = style.KIND_ORDER.index(party.kind) if party.kind in style.KIND_ORDER else 99
        return (kind, self.index[party.id])

    # --- findings --------------------------------------------------------------------------

    def number_findings(self, parties: dict[str, PartyView], steps: list[StepView]) -> list[NumberedFinding]:
        """Number the findings, gaps first then questions, and mark what each points at; accepted
        findings keep their number in the list but colour nothing."""
        by_number = {v.number: v for v in steps}
        out = []
        for number, finding in enumerate(self.findings, 1):
            step_no = (finding.step or "").replace("′", "'").replace("’", "'")
            if step_no and step_no in by_number:
                view = by_number[step_no]
                if not finding.accepted:
                    view.mark.add(number, finding.severity, finding.question)
                target = view.number
            elif finding.party and finding.party in parties:
                view = parties[finding.party]
                if not finding.accepted:
                    view.mark.add(number, finding.severity, finding.question)
                target = view.party.name
            else:
                target = step_no or "全体"
            out.append(NumberedFinding(number, finding, target))
        return out


def _levels(root: PartyView, transfers: list[StepView]) -> dict[str, int]:
    """Levels inside one organisation's box, so that data moving between its own systems
    (保健情報システム → ホストコンピュータ → ファイルサーバ) runs left to right. Steps are taken in
    number order; one that would close a cycle is left out (it is drawn as a backward arrow)."""
    members = [v.party.id for v in root.walk()]
    successors: dict[str, list[str]] = {m: [] for m in members}

    def reaches(start: str, goal: str) -> bool:
        stack, seen = [start], set()
        while stack:
            node = stack.pop()
            if node == goal:
                return True
            if node not in seen:
                seen.add(node)
                stack.extend(successors[node])
        return False

    for view in transfers:
        u, v = view.source, view.target
        if u in successors and v in successors and u != v and v not in successors[u] and not reaches(v, u):
            successors[u].append(v)
    level = {m: 0 for m in members}
    for _ in members:          # longest path; at most len(members) rounds on a DAG
        changed = False
        for u in members:
            for v in successors[u]:
                if level[v] < level[u] + 1:
                    level[v], changed = level[u] + 1, True
        if not changed:
            break
    return level


def assign_ranks(roots: list[PartyView], transfers: list[StepView]) -> None:
    """Give every party its left-to-right rank: columns in order, each as wide as the deepest
    chain of transfers inside one of its organisations."""
    levels: dict[str, int] = {}
    width: dict[int, int] = {}
    for root in roots:
        found = _levels(root, transfers)
        levels.update(found)
        width[root.column] = max(width.get(root.column, 1), max(found.values()) + 1)
    offset, position = {}, 0
    for column in sorted(width):
        offset[column] = position
        position += width[column] + 1   # a free rank between columns, for the labels
    for root in roots:
        for view in root.walk():
            view.rank = offset[root.column] + levels.get(view.party.id, 0)


def build_scene(flow: Flow, findings: list[Finding] | None = None, compact: bool = True) -> Scene:
    """The scene of a loaded flow; findings (if any) are numbered in their sorted order. With
    ``compact``, long safeguard lists are drawn as marks into a table (``Scene.table``)."""
    return _Builder(flow, findings, compact).build()
