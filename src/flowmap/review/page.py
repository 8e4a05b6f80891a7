"""The review page of one flow: what a council member clicks through in a browser.

``review_page(flow, findings, svg)`` gathers everything the page shows as plain values (the
things one can click — steps, parties, items, categories — each with its details, the SVG
elements that make up its path and the findings on it; the findings split into 指摘 and
確認事項; the submission's tables) and ``render_review`` turns them into one self-contained HTML
file through the jinja2 templates (autoescaped: no flow text reaches the page unescaped).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flowmap.compare.holdings import holdings
from flowmap.flow.model import Flow, Party, Step
from flowmap.flow.profiles import Words, profile_of
from flowmap.flow.vocabulary import ItemCategory, Medium, PartyKind, Transport, Frequency
from flowmap.output.tables import Tables, submission_tables
from flowmap.render.scene import Scene, StepView, build_scene, safeguard_text
from flowmap.rules.findings import Finding, Severity


@dataclass
class Target:
    """Something on the page one can click: its details and the SVG elements of its path."""

    key: str                                  # DOM-safe: step-s2p, party-ward, item-name, category-health
    kind: str                                 # 手順 / 当事者 / 情報項目 / 分類
    title: str
    rows: list[tuple[str, list[str]]]         # (heading, lines) of the details panel
    svg: list[str]                            # ids of the SVG groups to highlight
    findings: list[int] = field(default_factory=list)
    holders: list[tuple[str, list[str], list[str]]] = field(default_factory=list)  # (party, items, steps)


@dataclass
class PageFinding:
    number: int                               # as numbered on the diagram (【指摘 n】)
    finding: Finding
    target: str                               # ② / 委託事業者 / 全体
    key: str | None                           # the Target it points at, if drawn


@dataclass(frozen=True)
class Link:
    title: str
    href: str                                 # always a relative path flowmap made ("./…", "../…")


@dataclass
class Links:
    """The site's navigation around a review page (all empty for a page rendered alone)."""

    index: str = ""
    compare: str = ""
    amends: Link | None = None                # the flow this one amends
    diff: str = ""                            # the diff page from that flow to this one
    amended_by: list[Link] = field(default_factory=list)


@dataclass
class ReviewPage:
    flow: Flow
    file: str
    svg: str
    targets: list[Target]
    gaps: list[PageFinding]                   # 指摘
    questions: list[PageFinding]              # 確認事項
    tables: Tables
    categories: list[Target]                  # the filter's choices: categories, then items
    items: list[Target]
    links: Links = field(default_factory=Links)


def _labels(flow: Flow, ids) -> list[str]:
    return [flow.item(i).label for i in ids]


def _name(flow: Flow, party_id: str | None) -> str:
    if not party_id:
        return ""
    try:
        return flow.party(party_id).name
    except (KeyError, StopIteration, ValueError):
        return party_id


def step_svg_ids(view: StepView, scene: Scene) -> list[str]:
    """The SVG groups that draw a step: its note (work inside one party), or its arrow and the
    second arrow through a carrier (the ids render/dot.py gives them)."""
    if view.internal:
        return [f"note-{view.key}"]
    ids = [f"step-{view.key}"]
    if view.via and view.via in scene.parties:
        ids.append(f"step-{view.key}-via")
    return ids


def _step_rows(flow: Flow, step: Step, words: Words) -> list[tuple[str, list[str]]]:
    rows = [("内容", [step.label]), ("種類", [words.label(step.kind)])]
    if step.source == step.target:
        rows.append(("当事者", [_name(flow, step.source)]))
    else:
        rows.append(("送り手 → 受け手", [f"{_name(flow, step.source)} → {_name(flow, step.target)}"]))
    if step.via:
        rows.append(("運送", [_name(flow, step.via)]))
    rows += [
        ("情報項目", _labels(flow, step.item_ids) or ["(なし)"]),
        ("記録媒体", [words.label(step.medium) if step.medium != Medium.UNKNOWN else "不明"]),
        ("運搬方法", [words.label(step.transport) if step.transport != Transport.UNKNOWN else "不明"]),
        ("頻度", [words.label(step.frequency) if step.frequency != Frequency.UNKNOWN else "不明"]),
    ]
    optional = [("時期", step.when), ("証明", step.proof.label if step.proof else None),
                ("消去方法", step.method.label if step.method else None), ("根拠", step.legal_basis),
                ("注記", step.note)]
    rows += [(head, [text]) for head, text in optional if text]
    rows.append(("安全対策", [safeguard_text(s, words) for s in step.safeguards] or ["(手順に記載なし)"]))
    return rows


def _party_rows(flow: Flow, party: Party, held: tuple[str, ...], words: Words) -> list[tuple[str, list[str]]]:
    rows = [("種類", [words.label(party.kind)])]
    optional = [("所属", _name(flow, party.within)), ("委託元", _name(flow, party.serves)),
                ("特記事項", party.clauses), ("再委託の承諾", party.approval.label if party.approval else None),
                ("根拠", party.legal_basis), ("注記", party.note)]
    rows += [(head, [text]) for head, text in optional if text]
    if party.certifications:
        rows.append(("認証", [c.label for c in party.certifications]))
    rows.append(("作業場所", [words.label(party.location.site)]))
    if party.kind != PartyKind.SUBJECTS:
        rows.append(("保有する情報項目", _labels(flow, held) or ["(なし)"]))
    rows.append(("安全対策", [safeguard_text(s, words) for s in party.safeguards] or ["(記載なし)"]))
    if party.tasks:
        rows.append(("業務", [t.label for t in party.tasks]))
    steps = [f"{s.no} {s.label}" for s in flow.steps if party.id in (s.source, s.target, s.via)]
    rows.append(("手順", steps or ["(なし)"]))
    return rows


class _Builder:
    def __init__(self, flow: Flow, findings: list[Finding], scene: Scene):
        self.flow, self.scene = flow, scene
        self.findings = sorted(findings)
        self.held = holdings(flow)
        self.words = profile_of(flow).words
        self.views = {v.step.no: v for v in scene.step_views()}
        self.step_svg = {no: step_svg_ids(v, scene) for no, v in self.views.items()}
        self.targets: dict[str, Target] = {}

    def party_svg(self, party_id: str | None) -> list[str]:
        return [f"party-{party_id}"] if party_id and party_id in self.scene.parties else []

    def steps_svg(self, steps) -> list[str]:
        return [i for s in steps for i in self.step_svg.get(s.no, [])]

    def build(self) -> None:
        flow = self.flow
        for view in self.scene.step_views():
            step = view.step
            svg = self.step_svg[step.no] + [p for pid in dict.fromkeys((step.source, step.target, step.via))
                                            for p in self.party_svg(pid)]
            self.add(Target(f"step-{view.key}", "手順", f"{view.number} {step.label}", _step_rows(flow, step, self.words), svg))
        for party in flow.parties:
            own = [s for s in flow.steps if party.id in (s.source, s.target, s.via)]
            svg = self.party_svg(party.id) + self.steps_svg(own)
            self.add(Target(f"party-{party.id}", "当事者", party.name,
                            _party_rows(flow, party, self.held.get(party.id, ()), self.words), svg))

    def add(self, target: Target) -> None:
        self.targets.setdefault(target.key, target)

    def holding(self, key: str, kind: str, title: str, item_ids: set[str], rows) -> Target:
        """An item or a category: who holds it and which steps carry it (the filter's answer)."""
        flow = self.flow
        carrying = [s for s in flow.steps if item_ids & set(s.item_ids)]
        holders = []
        svg: list[str] = []
        for party in flow.parties:
            items = [i for i in self.held.get(party.id, ()) if i in item_ids]
            if items:
                steps = [s.no for s in carrying if party.id in (s.source, s.target, s.via)]
                holders.append((party.name, _labels(flow, items), steps))
                svg += self.party_svg(party.id)
        svg += self.steps_svg(carrying)
        rows = rows + [("保有する当事者", [h[0] for h in holders] or ["(なし)"]),
                       ("運ぶ手順", [f"{s.no} {s.label}" for s in carrying] or ["(なし)"])]
        return Target(key, kind, title, rows, svg, holders=holders)

    def items(self) -> list[Target]:
        out = []
        for item in self.flow.items:
            rows = [("分類", [item.category.label])] + ([("別名", list(item.aliases))] if item.aliases else [])
            out.append(self.holding(f"item-{item.id}", "情報項目", item.label, {item.id}, rows))
        return out

    def categories(self) -> list[Target]:
        out = []
        for category in ItemCategory:
            ids = {i.id for i in self.flow.items if i.category == category}
            if ids:
                rows = [("情報項目", _labels(self.flow, [i.id for i in self.flow.items if i.id in ids]))]
                out.append(self.holding(f"category-{category.value}", "分類", category.label, ids, rows))
        return out

    def numbered(self) -> list[PageFinding]:
        """Numbered as the diagram numbers them (scene.findings), each tied to its target."""
        out = []
        parties = {p.id for p in self.flow.parties}
        for numbered in self.scene.findings:
            finding = numbered.finding
            step_no = (finding.step or "").replace("′", "'").replace("’", "'")
            view = next((v for v in self.views.values() if v.number == step_no), None) if step_no else None
            key = None
            if view is not None:
                key = f"step-{view.key}"
            elif finding.party in parties:
                key = f"party-{finding.party}"
            if key in self.targets:
                self.targets[key].findings.append(numbered.number)
            out.append(PageFinding(numbered.number, finding, numbered.target, key))
        return out


def review_page(flow: Flow, findings: list[Finding], svg: str, scene: Scene | None = None,
                file: str = "", links: Links | None = None) -> ReviewPage:
    """Everything one review page shows; ``svg`` is the diagram drawn with these findings."""
    scene = scene or build_scene(flow, findings)
    builder = _Builder(flow, findings, scene)
    builder.build()
    numbered = builder.numbered()
    items, categories = builder.items(), builder.categories()
    return ReviewPage(
        flow=flow, file=file or flow.source, svg=svg, targets=list(builder.targets.values()),
        gaps=[f for f in numbered if not f.finding.question],
        questions=[f for f in numbered if f.finding.question],
        tables=submission_tables(flow), categories=categories, items=items, links=links or Links(),
    )


def severity_counts(findings: list[Finding]) -> dict[str, int]:
    """Open (not accepted) findings per severity label, worst first: 高 中 低 情報."""
    return {s.label: sum(1 for f in findings if f.severity == s and not f.accepted) for s in sorted(Severity, reverse=True)}


