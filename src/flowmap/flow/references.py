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
from flowmap.flow.vocabulary import SAFEGUARDS, AccessMode, Medium, PartyKind, StepKind

Found = tuple[tuple, str]


class ItemIndex:
    """Resolves what a flow author may write for items: id, label, alias, or a group."""

    def __init__(self, flow: Flow):
        self.single: dict[str, str] = {}
        for item in flow.items:
            for name in (item.id, item.label, *item.aliases, *(s.text for s in item.slips)):
                self.single.setdefault(name, item.id)
        self.groups: dict[str, list[str]] = {}
        for group in flow.groups:
            for name in (group.id, group.label):
                self.groups.setdefault(name, group.items)
        self.contains: dict[str, tuple[str, ...]] = {}

    def resolve_contains(self, flow: Flow) -> list[Found]:
        """What each image, recording or file contains, nested containers expanded; a container
        may not contain itself, directly or through another."""
        problems: list[Found] = []
        direct: dict[str, tuple[str, ...]] = {}
        for n, item in enumerate(flow.items):
            if item.contains:
                direct[item.id], found = self.resolve(item.contains, ("items", n, "contains"))
                problems.extend(found)
        for n, item in enumerate(flow.items):
            if item.id not in direct:
                continue
            out: dict[str, None] = {}
            stack, seen = list(direct[item.id]), {item.id}
            while stack:
                member = stack.pop(0)
                if member == item.id:
                    problems.append((("items", n, "contains"), f"'{item.label}' が自分自身を含んでいます(contains が循環しています)"))
                    continue
                if member in seen:
                    continue
                seen.add(member)
                out[member] = None
                stack.extend(direct.get(member, ()))
            item._contains = tuple(out)
            self.contains[item.id] = item._contains
        return problems

    def resolve(self, refs: list[str], where: tuple) -> tuple[tuple[str, ...], list[Found]]:
        """Item ids for ``refs`` in order, without repeats, and the problems found. An image or
        recording brings the items it contains along (once ``resolve_contains`` has run)."""
        ids: dict[str, None] = {}
        problems: list[Found] = []
        for index, ref in enumerate(refs):
            if ref in self.single:
                ids[self.single[ref]] = None
                ids.update(dict.fromkeys(self.contains.get(self.single[ref], ())))
            elif ref in self.groups:
                for member in self.groups[ref]:
                    if member in self.single:
                        ids[self.single[member]] = None
                        ids.update(dict.fromkeys(self.contains.get(self.single[member], ())))
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


def _owned_tasks(flow: Flow, parties: dict, party_id: str) -> dict[str, str]:
    """Task id → label for a party, the owner it sits within, and every system within that owner."""
    owner, seen = party_id, set()
    while owner in parties and parties[owner].within and owner not in seen:
        seen.add(owner)
        owner = parties[owner].within
    members, changed = {owner}, True
    while changed:
        more = {p.id for p in flow.parties if p.within in members} - members
        changed, members = bool(more), members | more
    return {t.id: t.label for p in flow.parties if p.id in members for t in p.tasks}


def _step_constructs(flow: Flow, parties: dict, step, where: tuple) -> Iterator[Found]:
    """The fields of a step that only make sense together: tasks served, covers, free-text
    medium, and the direction of an access step."""
    if step.tasks:
        target = step.to if step.to in parties else None
        known = _owned_tasks(flow, parties, target) if target else {}
        for t, task in enumerate(step.tasks):
            if target is None:
                yield (where + ("tasks",), "tasks(この受渡しが役立つ業務)は受け取る当事者のある手順(from/to)にだけ書けます")
                break
            if task not in known:
                hint = did_you_mean(task, known)
                yield (where + ("tasks", t), f"業務 '{task}' は受け取る当事者 '{target}' の tasks にありません {hint}".rstrip())
    if step.covers and step.kind not in (StepKind.RETURN, StepKind.ERASE):
        yield (where + ("covers",), "covers(返却・消去の対象となる項目の由来)は kind: return か erase の手順にだけ書けます")
    if step.medium == Medium.OTHER and not step.medium_text:
        yield (where + ("medium",), "medium: other には、媒体を medium_text に書いてください(例: medium_text: FAX)")
    if step.medium_text and step.medium != Medium.OTHER:
        yield (where + ("medium_text",), f"medium_text は medium: other のときだけ書けます(いまは medium: {step.medium.value})")
    if step.mode is not None and step.kind != StepKind.ACCESS:
        yield (where + ("mode",), "mode(参照・入力)は kind: access の手順にだけ書けます")
    if step.kind == StepKind.ACCESS and step.from_ in parties and step.to in parties:
        src, dst = parties[step.from_].kind == PartyKind.SYSTEM, parties[step.to].kind == PartyKind.SYSTEM
        flip = f"from: {step.to}、to: {step.from_} の向きに書いてください(access の from/to はデータの向きです)"
        if step.mode == AccessMode.READ and dst and not src:
            yield (where + ("to",), f"参照(mode: read)ではデータはシステムから参照する当事者へ流れます。{flip}")
        elif step.mode == AccessMode.WRITE and src and not dst:
            yield (where + ("from",), f"入力(mode: write)ではデータは入力する当事者からシステムへ流れます。{flip}")


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
    problems.extend(index.resolve_contains(flow))
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
        if party.access and party.kind != PartyKind.SYSTEM:
            problems.append((where + ("access",), f"access(共有システムの利用者)はシステム(kind: system)にだけ書けます。'{party.id}' は {party.kind.value} です"))
        for a, grant in enumerate(party.access):
            party_ref(grant.party, where + ("access", a, "party"))
            if grant.party == party.id:
                problems.append((where + ("access", a, "party"), "システム自身を利用者にはできません"))
            grant._party_name = parties[grant.party].name if grant.party in parties else grant.party
            grant._items, found = index.resolve(grant.items, where + ("access", a, "items"))
            problems.extend(found)

    for d, default in enumerate(flow.handover_defaults):
        where = ("handover_defaults", d)
        for b, party_id in enumerate(default.between):
            party_ref(party_id, where + ("between", b))
        problems.extend(_safeguards(default.safeguards, where + ("safeguards",)))

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
        problems.extend(_step_constructs(flow, parties, step, where))
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
