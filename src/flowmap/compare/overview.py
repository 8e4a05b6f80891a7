"""Many flows side by side: one summary row per flow, who holds which kinds of items, one item
or category followed across flows, the safeguards each project applies per kind of hand-over
(marking a project weaker than its peers), and one party across the projects it appears in.

Each view is a ``Section`` of plain records (English keys, Japanese column headers), so text,
Markdown, CSV and JSON all carry the same facts.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from flowmap.flow.profiles import Words, default_profile, profile_of
from flowmap.compare.constructs import cloud_text, council_text, count_text
from flowmap.compare.edges import EDGE_KINDS, edge_kind, edge_safeguards, safeguard_label
from flowmap.compare.findings import Analyse, default_analyse
from flowmap.compare.holdings import holdings
from flowmap.rules.findings import Severity
from flowmap.flow.model import Flow, Party
from flowmap.flow.vocabulary import ItemCategory, Medium, PartyKind

ORGANISATIONS = frozenset(PartyKind) - {PartyKind.SYSTEM, PartyKind.DEVICE, PartyKind.SUBJECTS}
WEAKER = "▲"


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    columns: tuple[tuple[str, str], ...]          # (record key, Japanese header)
    rows: tuple[dict[str, Any], ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Overview:
    flows: tuple[str, ...]                          # submission ids, in the order given
    sections: tuple[Section, ...] = field(default=())


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().strip()


def _depth(flow: Flow, party: Party) -> int:
    """1 for a contractor, 2 for its sub-contractor, 3 for theirs …; 0 for anyone else."""
    if party.kind == PartyKind.CONTRACTOR:
        return 1
    if party.kind != PartyKind.SUBCONTRACTOR:
        return 0
    ids = {p.id for p in flow.parties}
    depth, seen = 1, {party.id}
    while party.serves in ids and party.serves not in seen:
        seen.add(party.serves)
        party = flow.party(party.serves)
        depth += 1
        if party.kind == PartyKind.CONTRACTOR:
            break
    return depth


def _subjects(flow: Flow) -> str:
    subjects = flow.submission.subjects
    if subjects.count is not None:
        return f"{subjects.count:,}"
    return subjects.as_of or subjects.description or "不明"


def summary(flows: list[Flow], analyse: Analyse | None) -> Section:
    rows = []
    for flow in flows:
        outside = [p for p in flow.parties if p.kind in (PartyKind.CONTRACTOR, PartyKind.SUBCONTRACTOR)]
        media = sorted({s.medium for s in flow.steps if s.medium != Medium.UNKNOWN},
                       key=list(Medium).index)
        row: dict[str, Any] = {
            "flow": flow.submission.id,
            "title": flow.submission.title,
            "parties": sum(p.kind in ORGANISATIONS for p in flow.parties),
            "contractors": [p.name for p in outside],
            "depth": max((_depth(flow, p) for p in outside), default=0),
            "subjects": _subjects(flow),
            "media": [profile_of(flow).words.label(m) for m in media],
        }
        if analyse is not None:
            found = [f for f in analyse(flow) if not f.accepted]
            counts = Counter(f.severity for f in found if not f.question)
            row.update({f"findings_{s.name.lower()}": counts.get(s, 0) for s in reversed(Severity)})
            row["questions"] = sum(1 for f in found if f.question)
        rows.append(row)
    columns = [("flow", "案件"), ("title", "件名"), ("parties", "当事者数"), ("contractors", "委託先・再委託先"),
               ("depth", "委託の段数"), ("subjects", "対象者数"), ("media", "記録媒体")]
    notes = ()
    if analyse is not None:
        columns += [(f"findings_{s.name.lower()}", f"指摘({s.label})") for s in reversed(Severity)]
        columns += [("questions", "確認事項")]
    else:
        notes = ("解析モジュールがないため、指摘の件数は表示していません。",)
    if analyse is not None:
        notes = ("指摘・確認事項の件数は承認済み(accepted)のものを除く。確認事項(図と表からは判断できない点)は重要度別の指摘に含めない。",)
    return Section("summary", "案件の概要", tuple(columns), tuple(rows), notes)


def _words(flows: list[Flow]) -> Words:
    """The words of the flows compared: their municipality's if they share one, neutral otherwise."""
    found = {profile_of(f).words for f in flows}
    return found.pop() if len(found) == 1 else default_profile().words


def holdings_matrix(flows: list[Flow]) -> Section:
    """Parties × item categories: how many items of each category a party holds."""
    rows = []
    for flow in flows:
        held = holdings(flow)
        for party in flow.parties:
            items = held.get(party.id)
            if not items:
                continue
            counts = Counter(flow.item(i).category for i in items)
            row = {"flow": flow.submission.id, "party": party.name, "kind": profile_of(flow).words.label(party.kind)}
            row.update({c.value: counts.get(c, 0) for c in ItemCategory})
            rows.append(row)
    columns = [("flow", "案件"), ("party", "当事者"), ("kind", "種類")]
    columns += [(c.value, c.label) for c in ItemCategory]
    return Section("holdings", "誰が何を保有するか(情報項目の分類ごとの件数)", tuple(columns), tuple(rows),
                   (f"保有 = 手順で受け取る・送る・処理する、運送する、または業務で作成する情報項目。{_words(flows).residents}・本人は含めない。",))


def _item_matches(flow: Flow, query: str) -> set[str]:
    """Item ids matching a label, alias or id exactly, or whose category label contains the query."""
    wanted = _norm(query)
    categories = {c for c in ItemCategory if wanted in (_norm(c.value), _norm(c.label)) or wanted in _norm(c.label)}
    return {i.id for i in flow.items
            if i.category in categories or wanted in {_norm(n) for n in (i.id, i.label, *i.aliases)}}


def follow_item(flows: list[Flow], query: str) -> Section:
    """One item or category across every flow: which parties hold it, and through which steps."""
    rows = []
    for flow in flows:
        matching = _item_matches(flow, query)
        held = holdings(flow)
        for party in flow.parties:
            items = [i for i in held.get(party.id, ()) if i in matching]
            if not items:
                continue
            steps = [s.no for s in flow.steps
                     if party.id in (s.source, s.target, s.via) and matching & set(s.item_ids)]
            rows.append({
                "flow": flow.submission.id, "party": party.name, "kind": profile_of(flow).words.label(party.kind),
                "items": [flow.item(i).label for i in items],
                "steps": steps,
            })
    notes = () if rows else (f"「{query}」を保有する当事者はありません。",)
    columns = (("flow", "案件"), ("party", "当事者"), ("kind", "種類"), ("items", "情報項目"), ("steps", "手順"))
    return Section("item", f"「{query}」を保有する当事者", columns, tuple(rows), notes)


EdgeUses = dict[str, tuple[list[str], list[frozenset[str]]]]   # kind code → (step numbers, safeguards of each)


def edge_uses(flow: Flow) -> EdgeUses:
    """One flow's hand-overs by kind: the steps of each kind and the safeguards on each step
    (the per-flow half of ``edge_safeguard_table``, so that it can be computed once per flow)."""
    uses: EdgeUses = {}
    for step in flow.steps:
        kind = edge_kind(step, flow)
        if kind is None:
            continue
        steps, guards = uses.setdefault(kind.code, ([], []))
        steps.append(step.no)
        guards.append(edge_safeguards(flow, step, kind))
    return uses


def edge_safeguard_table(flows: list[Flow]) -> Section:
    """Per kind of hand-over and project: safeguards on every such step, on some, and those that
    peers apply on all of theirs but this project does not. ▲ marks a project that lacks some of
    those and applies fewer safeguards on all its steps than a peer does."""
    return edge_table([(flow.submission.id, profile_of(flow).words, edge_uses(flow)) for flow in flows])


def edge_table(uses: list[tuple[str, Words, EdgeUses]]) -> Section:
    """``edge_safeguard_table`` from each flow's ``edge_uses`` (by submission id, with the words
    of its profile, in order)."""
    per_kind: dict[str, dict[str, tuple[list[str], list[frozenset[str]]]]] = {}
    words = {flow_id: flow_words for flow_id, flow_words, _ in uses}
    for flow_id, _, kinds in uses:
        for code, (steps, guards) in kinds.items():
            mine = per_kind.setdefault(code, {}).setdefault(flow_id, ([], []))
            mine[0].extend(steps)
            mine[1].extend(guards)
    rows = []
    for code, kind in EDGE_KINDS.items():
        projects = per_kind.get(code, {})
        full = {p: frozenset.intersection(*g) for p, (_, g) in projects.items()}
        applying: dict[str, list[str]] = {}      # safeguard → projects applying it on all steps
        for project, applied in full.items():
            for safeguard in applied:
                applying.setdefault(safeguard, []).append(project)
        most = max((len(a) for a in full.values()), default=0)
        for project, (steps, guards) in projects.items():
            some = Counter(s for g in guards for s in g)
            missing = sorted((s for s in applying if s not in full[project]), key=_order)
            rows.append({
                "kind": kind.label, "flow": project, "steps": steps,
                "applied": [safeguard_label(s, words[project]) for s in sorted(full[project], key=_order)],
                "partly": [f"{safeguard_label(s, words[project])}({n}/{len(steps)})" for s, n in sorted(some.items(), key=lambda x: _order(x[0]))
                           if s not in full[project]],
                "weaker": WEAKER if missing and most > len(full[project]) else "",
                "missing": [f"{safeguard_label(s, words[project])}({_peer_names(applying[s])})" for s in missing],
            })
    columns = (("kind", "受け渡しの種類"), ("flow", "案件"), ("steps", "手順"), ("applied", "全手順で実施"),
               ("partly", "一部の手順で実施"), ("weaker", "比較"), ("missing", "他案件が実施しているが未実施"))
    notes = (f"{WEAKER}: 同じ種類の受け渡しで、他の案件が全手順に講じている対策を欠き、全手順で講じる対策の数も他の案件より少ない案件。"
             "対策 = 手順の対策、フロー全体の対策、両当事者(と所有者)の対策、チェックリストの○。",)
    return Section("edges", "受け渡しの種類ごとの安全対策", columns, tuple(rows), notes)


PEERS_NAMED = 5   # an archive of hundreds of flows: name a few peers, count the rest


def _peer_names(projects: list[str]) -> str:
    names = sorted(projects)
    if len(names) <= PEERS_NAMED:
        return "・".join(names)
    return "・".join(names[:PEERS_NAMED]) + f" ほか{len(names) - PEERS_NAMED}件"


def _order(code: str) -> tuple[int, str]:
    from flowmap.flow.vocabulary import SAFEGUARDS
    codes = list(SAFEGUARDS)
    return (codes.index(code), code) if code in codes else (len(codes), code)


def follow_party(flows: list[Flow], query: str) -> Section:
    """A contractor or sub-contractor (by name or id) across the projects it appears in."""
    wanted = _norm(query)
    rows = []
    for flow in flows:
        held = holdings(flow)
        for party in flow.parties:
            if wanted != _norm(party.id) and wanted not in _norm(party.name):
                continue
            items = held.get(party.id, ())
            categories = Counter(flow.item(i).category for i in items)
            rows.append({
                "flow": flow.submission.id, "party": party.name, "kind": profile_of(flow).words.label(party.kind),
                "serves": flow.party(party.serves).name if party.serves else "",
                "clauses": party.clauses or "",
                "approval": party.approval.label if party.approval else "",
                "certifications": [c.label for c in party.certifications],
                "site": profile_of(flow).words.label(party.location.site),
                "cloud": cloud_text(party.cloud) or "",
                "count": count_text(party.count) or "",
                "council": council_text(party.council) or "",
                "categories": [f"{c.label} {categories[c]}" for c in ItemCategory if categories.get(c)],
                "steps": [s.no for s in flow.steps if party.id in (s.source, s.target, s.via)],
            })
    notes = () if rows else (f"「{query}」に当たる当事者はありません。",)
    columns = (("flow", "案件"), ("party", "当事者"), ("kind", "種類"), ("serves", "委託元"),
               ("clauses", "特記事項"), ("approval", "再委託の承諾"), ("certifications", "認証"),
               ("site", "作業場所"), ("cloud", "クラウド"), ("count", "拠点・団体の数"),
               ("council", "審議会への付議"), ("categories", "保有する情報項目(分類・件数)"), ("steps", "手順"))
    return Section("party", f"当事者「{query}」の案件ごとの扱い", columns, tuple(rows), notes)


def merge_sections(parts: list[Section]) -> Section:
    """One section from the same section of single flows (rows in order): the notes kept are those
    every part has, or the first part's when no part has a row."""
    rows = tuple(row for part in parts for row in part.rows)
    notes = parts[0].notes if not rows else tuple(n for n in parts[0].notes if all(n in p.notes for p in parts))
    return Section(parts[0].code, parts[0].title, parts[0].columns, rows, notes)


SECTION_CODES = ("summary", "holdings", "item", "edges", "party")


def build_overview(flows: list[Flow], item: str | None = None, party: str | None = None,
                   only: tuple[str, ...] = (), analyse: Analyse | None | bool = True) -> Overview:
    """The comparison of ``flows``; ``only`` restricts it to some sections (by code)."""
    if analyse is True:
        analyse = default_analyse()
    builders = {
        "summary": lambda: summary(flows, analyse or None),
        "holdings": lambda: holdings_matrix(flows),
        "item": lambda: follow_item(flows, item) if item else None,
        "edges": lambda: edge_safeguard_table(flows),
        "party": lambda: follow_party(flows, party) if party else None,
    }
    wanted = only or SECTION_CODES
    sections = [s for code in SECTION_CODES if code in wanted for s in [builders[code]()] if s is not None]
    return Overview(tuple(f.submission.id for f in flows), tuple(sections))
