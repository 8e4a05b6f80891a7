"""The read-only context every rule reads, computed once per flow.

It answers the questions several rules share: who owns a system (``within``), which items each
party holds after each step (received, collected, created by its tasks), which items it has seen
at all, which steps ended a holding, and which safeguards hold for a step or a party — each with
WHERE it was found (the step, the party, the whole flow, a checklist line), so that findings can
say so. Everything here is linear in steps × items.

Conventions read from the flow format: an ``access`` step's from/to give the direction of the
data (② 端末への入力: contractor → system; ③ 参照: system → contractor); data entered into a
system is held by the system's owner, data merely viewed on another party's system is seen but
not kept. A step protected by ``dummy_data_only`` moves no personal data. A return or erasure
without items covers everything the party holds at that point; with ``covers`` it covers its
items plus the held items of those provenances (provided / collected / created). What a party
can read on a shared system (``access`` of a system) counts as seen by that party.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Mapping

import networkx as nx

from flowmap.flow.clauses import Clause, ClauseSet, Obligation
from flowmap.flow.profiles import profile_of
from flowmap.flow.graph import build_graph
from flowmap.flow.defaults import effective_transport, governing
from flowmap.flow.model import Flow, FreeSafeguard, HandoverDefault, Party, Step
from flowmap.flow.vocabulary import SAFEGUARDS, OUTSIDE_PARTIES, WARD_SIDE, PartyKind, StepKind, Transport

ORIGINS = WARD_SIDE | {PartyKind.SUBJECTS, PartyKind.EXTERNAL}
ENDING = {StepKind.RETURN, StepKind.ERASE}
SCOPE_LABEL = {"operational": "運用上の対策", "system": "システム上の対策"}


@dataclass(frozen=True)
class Acquired:
    """How a party came to hold an item: received / collected (from subjects) / created."""

    how: str
    step: Step | None


@dataclass(frozen=True)
class ClauseRef:
    clause_set: ClauseSet
    clause: Clause

    @property
    def text(self) -> str:
        no = self.clause.no
        number = f"第{no}項" if no.isdigit() else no
        return f"{self.clause_set.title} {number}({self.clause.heading})"


@dataclass
class Orphan:
    """Items a party uses or sends at a step without any earlier step having brought them."""

    step: Step
    party: str
    items: tuple[str, ...]


@dataclass
class Holdings:
    held: dict[str, dict[str, Acquired]] = field(default_factory=lambda: defaultdict(dict))
    seen: dict[str, dict[str, Step]] = field(default_factory=lambda: defaultdict(dict))
    ever: dict[str, dict[str, Acquired]] = field(default_factory=lambda: defaultdict(dict))
    ended: dict[str, dict[str, Step]] = field(default_factory=lambda: defaultdict(dict))
    readable: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))  # owner → item → system id
    orphans: list[Orphan] = field(default_factory=list)


PROVENANCE_OF = {"received": "provided", "collected": "collected", "created": "created"}


def ending_items(step: Step, held: dict[str, Acquired]) -> tuple[str, ...]:
    """The items a return or erasure ends: those it lists, and with ``covers`` the held items of
    those provenances; a step that lists nothing and covers nothing ends everything held."""
    if not step.covers:
        return step.item_ids or tuple(held)
    covered = {p.value for p in step.covers}
    extra = [i for i, acq in held.items() if PROVENANCE_OF.get(acq.how) in covered]
    return tuple(dict.fromkeys([*step.item_ids, *extra]))


def step_order(flow: Flow) -> list[Step]:
    """Steps in the order the diagram numbers them (file order breaks ties)."""
    indexed = list(enumerate(flow.steps))
    return [s for _, s in sorted(indexed, key=lambda p: (p[1].numbers[0], p[0]))]


class Context:
    """Everything a rule may read. Rules must not change it."""

    def __init__(self, flow: Flow, graph: nx.MultiDiGraph | None = None,
                 clause_sets: dict[str, ClauseSet] | None = None):
        self.flow = flow
        self.graph = graph if graph is not None else build_graph(flow)
        self.profile = profile_of(flow)
        self.words = self.profile.words
        self.clause_sets = clause_sets if clause_sets is not None else self.profile.clause_sets
        self.parties: dict[str, Party] = {p.id: p for p in flow.parties}
        self.items = {i.id: i for i in flow.items}
        self.steps = step_order(flow)
        self._step_found: dict[int, Mapping[str, str]] = {}
        self._party_found: dict[str, Mapping[str, str]] = {}
        self._from: dict[str, tuple[Step, ...]] = {}
        self._to: dict[str, tuple[Step, ...]] = {}

    # --- parties -------------------------------------------------------------------------

    def label(self, item_id: str) -> str:
        item = self.items.get(item_id)
        return item.label if item else item_id

    def owner(self, party_id: str) -> str:
        """The party a system or device belongs to (following ``within``); itself otherwise.

        Remembered per party, so that rules asking for every party cost linear time; a cycle
        of ``within`` stops at the first party met twice."""
        owners = self._owners
        if party_id in owners:
            return owners[party_id]
        path: list[str] = []
        seen: set[str] = set()
        current, cyclic = party_id, False
        while current in self.parties and self.parties[current].within:
            if current in owners:
                current = owners[current]
                break
            if current in seen:
                cyclic = True
                break
            seen.add(current)
            path.append(current)
            current = self.parties[current].within  # type: ignore[assignment]
        for walked in ([] if cyclic else path) + [party_id]:
            owners[walked] = current
        return current

    @cached_property
    def _owners(self) -> dict[str, str]:
        return {}

    @cached_property
    def _members(self) -> dict[str, frozenset[str]]:
        groups: dict[str, set[str]] = defaultdict(set)
        for party_id in self.parties:
            groups[self.owner(party_id)].add(party_id)
        return {owner: frozenset(members) for owner, members in groups.items()}

    def kind(self, party_id: str) -> PartyKind:
        return self.parties[self.owner(party_id)].kind

    def is_outside(self, party_id: str) -> bool:
        return self.kind(party_id) in OUTSIDE_PARTIES

    def is_ward(self, party_id: str) -> bool:
        return self.kind(party_id) in WARD_SIDE

    def members(self, owner: str) -> set[str]:
        """The owner and every system or device within it (a new set: callers may change it)."""
        return set(self._members.get(owner, ()))

    def needs(self, owner: str) -> set[str]:
        """Item ids some task of the owner (or of its systems) needs."""
        return {i for p in self.members(owner) for t in self.parties[p].tasks for i in t.needed_items}

    def produces(self, owner: str) -> set[str]:
        return {i for p in self.members(owner) for t in self.parties[p].tasks for i in t.produced_items}

    def edge_party(self, step: Step) -> str:
        """The party a finding about a transfer names: the outside party at either end."""
        src, dst = self.owner(step.source), self.owner(step.target)
        return dst if self.is_outside(dst) or not self.is_outside(src) else src

    def on_ward_premises(self, party_id: str) -> bool:
        from flowmap.flow.vocabulary import Site

        party = self.parties[self.owner(party_id)]
        return party.location.site == Site.WARD_PREMISES or (
            self.is_ward(party_id) and party.location.site == Site.UNKNOWN)

    # --- clauses -------------------------------------------------------------------------

    def clause_set(self, party_id: str) -> ClauseSet | None:
        clauses = self.parties[self.owner(party_id)].clauses
        return self.clause_sets.get(clauses) if clauses else None

    def clause(self, party_id: str, *obligations: Obligation) -> ClauseRef | None:
        """The first clause of the party's set imposing any of ``obligations``."""
        clause_set = self.clause_set(party_id)
        if clause_set is None:
            return None
        for obligation in obligations:
            found = clause_set.clause_for(obligation)
            if found is not None:
                return ClauseRef(clause_set, found)
        return None

    def clauses_unknown(self, party_id: str) -> bool:
        """No clause set is named, yet the submission says one is attached (checklist line 1)."""
        return self.clause_set(party_id) is None and "clauses_attached" in self.party_safeguards(party_id)

    # --- safeguards ----------------------------------------------------------------------

    @staticmethod
    def _codes(refs) -> list[str]:
        return [r for r in refs if not isinstance(r, FreeSafeguard)]

    def _checklist(self, side: str) -> dict[str, str]:
        checklist = getattr(self.flow.checklist, side, None) if self.flow.checklist else None
        found: dict[str, str] = {}
        side_label = self.words.body if side == "ward" else "委託先"
        for code in self._codes(checklist.applied if checklist else []):
            place = self.profile.checklist_line(code)
            scope, line = place if place else (SAFEGUARDS[code].scope, None)
            found[code] = f"チェックリスト({side_label}) {SCOPE_LABEL[scope]}{f' {line}' if line else ''}"
        return found

    def _sides(self, party_ids: list[str]) -> list[str]:
        """Checklist sides for these parties, the first party's side first (the sender's)."""
        sides: list[str] = []
        for pid in party_ids:
            side = "ward" if self.is_ward(pid) else "contractor" if self.is_outside(pid) else None
            if side and side not in sides:
                sides.append(side)
        return sides

    # --- hand-over defaults --------------------------------------------------------------

    def defaults_for(self, step: Step) -> tuple[HandoverDefault, ...]:
        """The submission's general hand-over measures that govern this step (flow/defaults.py)."""
        return governing(self.flow, step, self.owner)

    def transport(self, step: Step) -> Transport:
        """The step's transport, or the one a governing hand-over default gives when it states none."""
        return effective_transport(self.flow, step, self.owner)

    def transport_note(self, step: Step) -> str:
        """「(運搬方法は受渡しの既定(区の対策5)による)」 when the transport is inherited, else ""."""
        if step.transport != Transport.UNKNOWN:
            return ""
        source = next((d.source for d in self.defaults_for(step) if d.transport), None)
        return f"(運搬方法は受渡しの既定({source})による)" if source else ""

    def _gather(self, party_ids: list[str], step: Step | None) -> dict[str, str]:
        found: dict[str, str] = {}
        if step is not None:
            for code in self._codes(step.safeguards):
                found.setdefault(code, f"手順{step.no}")
            for default in self.defaults_for(step):
                for code in self._codes(default.safeguards):
                    found.setdefault(code, f"受渡しの既定({default.source})")
        for pid in party_ids:
            for member in dict.fromkeys([pid, self.owner(pid)]):
                party = self.parties[member]
                for code in self._codes(party.safeguards):
                    found.setdefault(code, f"{party.name}の対策")
        for code in self._codes(self.flow.safeguards):
            found.setdefault(code, "フロー全体の対策")
        for side in self._sides(party_ids):
            for code, where in self._checklist(side).items():
                found.setdefault(code, where)
        return found

    def step_safeguards(self, step: Step) -> Mapping[str, str]:
        """Safeguard code → where it was found, for a step (its own, its parties', flow, checklist).
        Computed once per step; read-only."""
        key = id(step)
        if key not in self._step_found:
            found = self._gather([p for p in (step.source, step.target) if p], step)
            self._step_found[key] = MappingProxyType(found)
        return self._step_found[key]

    def in_checklist(self, step: Step, code: str) -> bool:
        """Whether a checklist side that applies to the step marks ``code`` ○."""
        sides = self._sides([p for p in (step.source, step.target) if p])
        return any(code in self._checklist(side) for side in sides)

    def party_safeguards(self, party_id: str) -> Mapping[str, str]:
        """A party's safeguards; for an outside party the ward's side of the checklist counts too,
        since the ward's measures (委託にあたり区が行う) are taken for that very contract."""
        if party_id not in self._party_found:
            found = self._gather([party_id], None)
            if self.is_outside(party_id):
                for code, where in self._checklist("ward").items():
                    found.setdefault(code, where)
            self._party_found[party_id] = MappingProxyType(found)
        return self._party_found[party_id]

    def has(self, found: Mapping[str, str], *codes: str) -> tuple[str, str] | None:
        """The first of ``codes`` present in ``found``, with where it was found."""
        return next(((c, found[c]) for c in codes if c in found), None)

    # --- holdings ------------------------------------------------------------------------

    @cached_property
    def transfers(self) -> tuple[Step, ...]:
        """Steps that move personal items from one owner to another (not work on another's
        system), in diagram order: what most transport rules look at."""
        return tuple(
            step for step in self.steps
            if step.item_ids and step.kind != StepKind.ACCESS and not self.dummy_only(step)
            and self.owner(step.source) != self.owner(step.target)
        )

    def dummy_only(self, step: Step) -> bool:
        return "dummy_data_only" in self.step_safeguards(step)

    @cached_property
    def holdings(self) -> Holdings:
        """Propagate, step by step in diagram order, what each party (by owner) holds."""
        h = Holdings()
        brought: dict[str, set[str]] = defaultdict(set)
        for step in self.steps:
            keeps = step.kind != StepKind.ACCESS or self.parties[step.target].kind == PartyKind.SYSTEM
            moves = self.owner(step.source) != self.owner(step.target)
            if moves and step.kind not in ENDING and keeps and not self.dummy_only(step):
                brought[self.owner(step.target)].update(step.item_ids)
        catalogue = {item.id: n for n, item in enumerate(self.flow.items)}
        for owner in {self.owner(p) for p in self.parties}:
            for item in sorted(self.produces(owner), key=catalogue.__getitem__):  # stable output
                h.held[owner][item] = h.ever[owner][item] = Acquired("created", None)
        for step in self.steps:
            src, dst = self.owner(step.source), self.owner(step.target)
            items = step.item_ids
            if step.kind in ENDING:
                items = ending_items(step, h.held[src])
            if self.parties[src].kind not in ORIGINS:
                had = h.ever[src] if step.kind in ENDING else h.held[src]  # a PC copy outlives a return
                # numbers are not always time (a booking line runs all along): an item some later
                # step brings is not an orphan, only one no step brings at all
                missing = tuple(i for i in items if i not in had and i not in brought[src])
                if missing:
                    h.orphans.append(Orphan(step, src, missing))
                    for item in missing:  # count it as held from here on, reported once
                        h.held[src][item] = h.ever[src][item] = Acquired("unexplained", step)
            if self.dummy_only(step):
                continue
            for party in filter(None, (dst, self.owner(step.via) if step.via else None)):
                for item in items:
                    h.seen[party].setdefault(item, step)
            if step.kind in ENDING:
                for item in items:
                    h.held[src].pop(item, None)
                    h.ended[src].setdefault(item, step)
                if step.kind == StepKind.ERASE or dst == src:
                    continue
            if dst == src or (step.kind == StepKind.ACCESS and self.parties[step.target].kind != PartyKind.SYSTEM):
                continue  # staff viewing data on another party's system do not keep it
            if self.parties[dst].kind == PartyKind.SUBJECTS:
                continue
            how = "collected" if step.kind == StepKind.COLLECT else "received"
            for item in items:
                if item not in h.held[dst]:
                    h.held[dst][item] = Acquired(how, step)
                h.ever[dst].setdefault(item, Acquired(how, step))
        for owner, items in h.ever.items():
            for item in items:
                h.seen[owner].setdefault(item, items[item].step)  # type: ignore[arg-type]
        for system in self.flow.parties:
            for grant in system.access:
                reader = self.owner(grant.party)
                for item in grant.item_ids:
                    h.readable[reader].setdefault(item, system.id)
                    h.seen[reader].setdefault(item, None)  # type: ignore[arg-type]
        return h

    @cached_property
    def _rank(self) -> dict[int, int]:
        return {id(s): n for n, s in enumerate(self.steps)}

    def _ordered(self, steps) -> list[Step]:
        rank = self._rank
        return sorted(steps, key=lambda s: rank[id(s)])

    def steps_from(self, owner: str) -> tuple[Step, ...]:
        """Steps leaving the owner or its systems (internal steps included), in diagram order."""
        if owner not in self._from:
            members = self.members(owner)
            self._from[owner] = tuple(self._ordered(d["step"] for m in members for _, _, d in self.graph.out_edges(m, data=True)))
        return self._from[owner]

    def steps_to(self, owner: str) -> tuple[Step, ...]:
        """Steps reaching the owner or its systems from another owner, in diagram order."""
        if owner not in self._to:
            members = self.members(owner)
            self._to[owner] = tuple(self._ordered(d["step"] for m in members for u, _, d in self.graph.in_edges(m, data=True)
                                            if u not in members))
        return self._to[owner]
