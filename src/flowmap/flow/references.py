"""Checks that span a flow file: ids that must exist, labels that must be in the catalogue,
step numbers that must be unique. Each problem comes with the YAML path it concerns.

This is also where item references (ids, labels, aliases, group names) are resolved to item
ids once, so that analysis and rendering never parse a label again.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterator, Mapping

from flowmap.flow.clauses import ClauseSet, builtin_clause_sets
from flowmap.flow.messages import did_you_mean, safeguard_hint
from flowmap.flow.model import Flow, FreeSafeguard, SafeguardRef
from flowmap.flow.vocabulary import SAFEGUARDS, PartyKind

Found = tuple[tuple, str]


class ItemIndex:
    """Resolves what a flow author may write for items: id, label, alias, or a group."""

    def __init__(self, flow: Flow):
        self.single: dict[str, str] = {}
        for item in flow.items:
            for name in (item.id, item.label, *item.aliases):
                self.single.setdefault(name, item.id)
        self.groups: dict[str, list[str]] = {}
        for group in flow.groups:
            for name in (group.id, group.label):
                self.groups.setdefault(name, group.items)

    def resolve(self, refs: list[str], where: tuple) -> tuple[tuple[str, ...], list[Found]]:
        """Item ids for ``refs`` in order, without repeats, and the problems found."""
        ids: dict[str, None] = {}
        problems: list[Found] = []
        for index, ref in enumerate(refs):
            if ref in self.single:
                ids[self.single[ref]] = None
            elif ref in self.groups:
                for member in self.groups[ref]:
                    if member in self.single:
                        ids[self.single[member]] = None
            else:
                hint = did_you_mean(ref, [*self.single, *self.groups])
                problems.append((where + (index,), f"情報項目 '{ref}' は items にも groups にもありません {hint}".rstrip()))
        return tuple(ids), problems


def _duplicates(values: list[str]) -> set[str]:
    return {v for v, n in Counter(values).items() if n > 1}


def _safeguards(refs: list[SafeguardRef], where: tuple) -> Iterator[Found]:
    for index, ref in enumerate(refs):
        if not isinstance(ref, FreeSafeguard) and ref not in SAFEGUARDS:
            hint = safeguard_hint(ref)
            yield (where + (index,), f"安全対策 '{ref}' は語彙にありません。語彙のコードか {{text: ...}} で書いてください {hint}".rstrip())


def _unknown_clause_set(name: str, clause_sets: Mapping[str, ClauseSet], profile_files: tuple[str, ...]) -> str:
    """Which sets are known, and where a new one is added (the profile in effect, or a new flowmap.yaml)."""
    hint = did_you_mean(name, clause_sets)
    user_file = next((f for f in profile_files if not f.startswith("flowmap/")), None)
    where = (f"{user_file} の clause_sets に特記事項のファイルを追加してください" if user_file else
             "フローのフォルダの flowmap.yaml の clause_sets に特記事項のファイルを追加してください")
    return (f"特記事項 '{name}' は登録されていません {hint}".rstrip()
            + f"。登録済み: {'、'.join(sorted(clause_sets))}。{where}")


def check_references(flow: Flow, clause_sets: Mapping[str, ClauseSet] | None = None,
                     profile_files: tuple[str, ...] = ()) -> list[Found]:
    """All cross-reference problems of a validated flow; resolves item references as it goes.
    ``clause_sets`` are those the flow's profile knows (the built-in ones by default)."""
    problems: list[Found] = []
    parties = {p.id: p for p in flow.parties}
    clause_sets = builtin_clause_sets() if clause_sets is None else clause_sets

    def unique(kind: str, ids: list[str], path: tuple) -> None:
        for dup in _duplicates(ids):
            problems.append((path + (ids.index(dup), "id"), f"{kind} の id '{dup}' が重複しています"))

    unique("当事者", [p.id for p in flow.parties], ("parties",))
    unique("情報項目", [i.id for i in flow.items], ("items",))
    unique("グループ", [g.id for g in flow.groups], ("groups",))
    labels = [i.label for i in flow.items]
    for dup in _duplicates(labels):
        problems.append((("items", labels.index(dup), "label"), f"情報項目の名称 '{dup}' が重複しています"))

    def party_ref(party_id: str | None, where: tuple, kinds: set[PartyKind] | None = None) -> None:
        if party_id is None:
            return
        if party_id not in parties:
            problems.append((where, f"当事者 '{party_id}' は parties にありません {did_you_mean(party_id, parties)}".rstrip()))
        elif kinds and parties[party_id].kind not in kinds:
            allowed = "・".join(k.value for k in sorted(kinds))
            problems.append((where, f"'{party_id}' の種類は {parties[party_id].kind.value} です。ここには {allowed} を指定してください"))

    index = ItemIndex(flow)
    for g, group in enumerate(flow.groups):
        for i, member in enumerate(group.items):
            if member not in index.single:
                hint = did_you_mean(member, index.single)
                problems.append((("groups", g, "items", i), f"グループの情報項目 '{member}' は items にありません {hint}".rstrip()))

    for p, party in enumerate(flow.parties):
        where = ("parties", p)
        party_ref(party.within, where + ("within",))
        if party.kind in (PartyKind.SYSTEM, PartyKind.DEVICE) and party.within is None:
            problems.append((where + ("kind",), f"{party.kind.value} の '{party.id}' には所有者 within を指定してください"))
        party_ref(party.serves, where + ("serves",), {PartyKind.CONTRACTOR, PartyKind.SUBCONTRACTOR})
        if party.kind == PartyKind.SUBCONTRACTOR and party.serves is None:
            problems.append((where + ("kind",), f"再委託先 '{party.id}' には委託元 serves を指定してください"))
        if party.clauses is not None and party.clauses not in clause_sets:
            problems.append((where + ("clauses",), _unknown_clause_set(party.clauses, clause_sets, profile_files)))
        problems.extend(_safeguards(party.safeguards, where + ("safeguards",)))
        unique("業務", [t.id for t in party.tasks], where + ("tasks",))
        for t, task in enumerate(party.tasks):
            task._needs, found = index.resolve(task.needs, where + ("tasks", t, "needs"))
            problems.extend(found)
            task._produces, found = index.resolve(task.produces, where + ("tasks", t, "produces"))
            problems.extend(found)

    numbers = [s.no for s in flow.steps]
    for dup in _duplicates(numbers):
        problems.append((("steps", numbers.index(dup), "no"), f"手順番号 {dup} が重複しています"))
    seen_numbers: dict = {}
    for s, step in enumerate(flow.steps):
        where = ("steps", s)
        for number in step.numbers:
            if number in seen_numbers and flow.steps[seen_numbers[number]].no != step.no:
                problems.append((where + ("no",), f"手順番号 {number} は {flow.steps[seen_numbers[number]].no} にも含まれています"))
            seen_numbers.setdefault(number, s)
        if step.at is not None and (step.from_ is not None or step.to is not None):
            problems.append((where + ("at",), "at(内部の処理)と from/to(受け渡し)は同時に書けません"))
        elif step.at is None and (step.from_ is None or step.to is None):
            problems.append((where, "from と to の両方、または内部の処理なら at を書いてください"))
        for field in ("from_", "to", "at"):
            party_ref(getattr(step, field), where + (field.rstrip("_"),))
        party_ref(step.via, where + ("via",), {PartyKind.CARRIER})
        step._items, found = index.resolve(step.items, where + ("items",))
        problems.extend(found)
        problems.extend(_safeguards(step.safeguards, where + ("safeguards",)))

    problems.extend(_safeguards(flow.safeguards, ("safeguards",)))
    if flow.checklist is not None:
        for side in ("ward", "contractor"):
            checklist = getattr(flow.checklist, side)
            if checklist is not None:
                for field in ("applied", "not_needed"):
                    problems.extend(_safeguards(getattr(checklist, field), ("checklist", side, field)))
    unique("承認済みの指摘", [a.id for a in flow.accepted], ("accepted",))
    return problems
