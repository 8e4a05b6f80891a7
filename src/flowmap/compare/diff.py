"""What changed between two versions of one flow, as a sorted list of small ``Change`` values.

Parties, tasks and items are matched by id (falling back on name or label); steps by number and
endpoints, then by number alone (endpoints changed), then by endpoints and label (renumbered), so
inserting a step does not make every later step look changed. The submission's own header (title,
dates, the approval it amends) is shown, not compared: an amendment always changes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

from flowmap.compare.constructs import cloud_text, council_text, count_text
from flowmap.compare.edges import safeguard_key, safeguard_label
from flowmap.flow.profiles import Words, profile_of
from flowmap.compare.findings import Analyse, default_analyse, finding_key
from flowmap.compare.holdings import holdings
from flowmap.flow.model import Flow, Party, Step
from flowmap.flow.vocabulary import Labelled

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
SECTIONS = ("items", "steps", "parties", "flow", "findings")


@dataclass(frozen=True)
class Change:
    """One difference. ``old``/``new`` for a changed value, ``added``/``removed`` for a set."""

    section: str                 # one of SECTIONS
    key: str                     # stable within the section: item id, step number, party id …
    subject: str                 # what a reader sees: 旧氏, ② 提供(区 → 委託先), 委託先 …
    field: str                   # what changed ("" for the whole subject): items, medium, holdings …
    kind: str                    # added | removed | changed
    part: str = ""               # a sub-subject, e.g. the task label for task fields
    old: str | None = None
    new: str | None = None
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class FlowDiff:
    old_file: str
    new_file: str
    old_id: str
    new_id: str
    old_title: str
    new_title: str
    changes: tuple[Change, ...]
    findings_compared: bool = field(default=False)
    words: Words | None = field(default=None, compare=False)  # the new version's municipality words

    @property
    def identical(self) -> bool:
        return not self.changes


def _text(value: object, words: Words) -> str | None:
    if value is None:
        return None
    if isinstance(value, Labelled):
        return words.label(value)
    if isinstance(value, bool):
        return "はい" if value else "いいえ"
    if isinstance(value, (list, tuple)):
        return "、".join(str(_text(v, words)) for v in value)
    return str(value)


class _Side:
    """One version of the flow with the lookups the comparison needs."""

    def __init__(self, flow: Flow, item_key: Callable[[str], str] | None = None):
        self.flow = flow
        self.items = {i.id: i for i in flow.items}
        self.item_key = item_key or (lambda item_id: item_id)
        self.holdings = holdings(flow)
        self.parties = {p.id: p for p in flow.parties}

    def party_name(self, party_id: str | None) -> str | None:
        return None if party_id is None else getattr(self.parties.get(party_id), "name", party_id)

    def item_keys(self, ids: Iterable[str]) -> dict[str, None]:
        return {self.item_key(i): None for i in ids}

    def task_labels(self, step: Step) -> list[str]:
        """The labels of the tasks a step names (ids when the party has no such task)."""
        owner = self.parties.get(step.to or "")
        tasks = {t.id: t.label for p in self.flow.parties if owner and p.id in (owner.id, owner.within) for t in p.tasks}
        return [tasks.get(t, t) for t in step.tasks]

    def grants(self, party: Party) -> list[str]:
        """A shared system's access grants as lines: who, how, which items."""
        return [f"{g.party_name}: {g.mode.label}・{g.means.label}・"
                + "、".join(self.items[i].label for i in g.item_ids if i in self.items) for g in party.access]

    def step_subject(self, step: Step) -> str:
        if step.at is not None:
            return f"{step.no} {step.label}({self.party_name(step.at)})"
        return f"{step.no} {step.label}({self.party_name(step.from_)} → {self.party_name(step.to)})"


class _Differ:
    def __init__(self, old: Flow, new: Flow):
        self.new = _Side(new)
        self.words = profile_of(new).words
        by_label = {i.label: i.id for i in new.items}
        self.old = _Side(old, lambda i: i if i in self.new.items else by_label.get(old.item(i).label, f"old:{i}"))
        self.changes: list[Change] = []
        self.labels = {f"old:{i.id}": i.label for i in old.items}
        self.labels.update({self.old.item_key(i.id): i.label for i in old.items})
        self.labels.update({i.id: i.label for i in new.items})

    def label(self, key: str) -> str:
        return self.labels.get(key, key)

    def safeguards(self, refs) -> list[str]:
        return [safeguard_label(safeguard_key(r), self.words) for r in refs]

    def add(self, *args, **kwargs) -> None:
        self.changes.append(Change(*args, **kwargs))

    def value(self, section: str, key: str, subject: str, name: str, old: object, new: object, part: str = "") -> None:
        old_text, new_text = _text(old, self.words), _text(new, self.words)
        if old_text != new_text:
            self.add(section, key, subject, name, CHANGED, part, old=old_text, new=new_text)

    def items_set(self, section: str, key: str, subject: str, name: str, old: Iterable[str], new: Iterable[str], part: str = "", labels: bool = True) -> None:
        old, new = dict.fromkeys(old), dict.fromkeys(new)
        show = self.label if labels else (lambda k: k)
        added = tuple(show(k) for k in new if k not in old)
        removed = tuple(show(k) for k in old if k not in new)
        if added or removed:
            self.add(section, key, subject, name, CHANGED, part, added=added, removed=removed)

    # --- sections -------------------------------------------------------------------------

    def items(self) -> None:
        old_keys = {self.old.item_key(i.id): i for i in self.old.flow.items}
        for item in self.new.flow.items:
            before = old_keys.get(item.id)
            if before is None:
                self.add("items", item.id, item.label, "", ADDED, new=item.category.label)
                continue
            self.value("items", item.id, item.label, "label", before.label, item.label)
            self.value("items", item.id, item.label, "category", before.category, item.category)
            self.items_set("items", item.id, item.label, "aliases", before.aliases, item.aliases, labels=False)
            self.items_set("items", item.id, item.label, "contains", self.old.item_keys(before.contained_items),
                           self.new.item_keys(item.contained_items))
        for key, item in old_keys.items():
            if key not in self.new.items:
                self.add("items", item.id, item.label, "", REMOVED, old=item.category.label)

    def steps(self) -> None:
        old_steps, new_steps = list(self.old.flow.steps), list(self.new.flow.steps)
        pairs: list[tuple[Step, Step]] = []
        for match in (lambda s: (s.no, s.source, s.target), lambda s: s.no,
                      lambda s: (s.source, s.target, s.label)):
            for step in list(new_steps):
                found = next((o for o in old_steps if match(o) == match(step)), None)
                if found is not None:
                    pairs.append((found, step))
                    old_steps.remove(found)
                    new_steps.remove(step)
        order = {id(s): n for n, s in enumerate(self.new.flow.steps)}
        for old, new in sorted(pairs, key=lambda p: order[id(p[1])]):
            self.step(old, new)
        for step in self.new.flow.steps:
            if step in new_steps:
                items = tuple(self.label(k) for k in self.new.item_keys(step.item_ids))
                self.add("steps", step.no, self.new.step_subject(step), "", ADDED, added=items)
        for step in old_steps:
            items = tuple(self.label(k) for k in self.old.item_keys(step.item_ids))
            self.add("steps", step.no, self.old.step_subject(step), "", REMOVED, removed=items)

    def step(self, old: Step, new: Step) -> None:
        args = ("steps", new.no, self.new.step_subject(new))
        self.value(*args, "no", old.no, new.no)
        for name in ("from_", "to", "at", "via"):
            self.value(*args, name.rstrip("_"), self.old.party_name(getattr(old, name)), self.new.party_name(getattr(new, name)))
        for name in ("label", "kind", "medium", "medium_text", "transport", "password", "mode", "frequency",
                     "when", "proof", "method", "covers", "legal_basis"):
            self.value(*args, name, getattr(old, name), getattr(new, name))
        self.value(*args, "council", council_text(old.council), council_text(new.council))
        self.items_set(*args, "tasks", self.old.task_labels(old), self.new.task_labels(new), labels=False)
        self.items_set(*args, "items", self.old.item_keys(old.item_ids), self.new.item_keys(new.item_ids))
        self.items_set(*args, "safeguards", self.safeguards(old.safeguards), self.safeguards(new.safeguards), labels=False)

    def parties(self) -> None:
        old_by_id = dict(self.old.parties)
        old_by_name = {p.name: p for p in self.old.flow.parties}
        for party in self.new.flow.parties:
            before = old_by_id.pop(party.id, None)
            if before is None and party.name in old_by_name and old_by_name[party.name].id in old_by_id:
                before = old_by_id.pop(old_by_name[party.name].id)
            if before is None:
                self.add("parties", party.id, party.name, "", ADDED, new=self.words.label(party.kind))
            else:
                self.party(before, party)
        for party in old_by_id.values():
            self.add("parties", party.id, party.name, "", REMOVED, old=self.words.label(party.kind))

    def party(self, old: Party, new: Party) -> None:
        args = ("parties", new.id, new.name)
        self.value(*args, "name", old.name, new.name)
        for name in ("kind", "clauses", "approval", "legal_basis"):
            self.value(*args, name, getattr(old, name), getattr(new, name))
        for name in ("within", "serves"):
            self.value(*args, name, self.old.party_name(getattr(old, name)), self.new.party_name(getattr(new, name)))
        self.value(*args, "location.site", old.location.site, new.location.site)
        self.value(*args, "location.country", old.location.country, new.location.country)
        self.value(*args, "council", council_text(old.council), council_text(new.council))
        self.value(*args, "count", count_text(old.count), count_text(new.count))
        self.value(*args, "cloud", cloud_text(old.cloud), cloud_text(new.cloud))
        self.items_set(*args, "access", self.old.grants(old), self.new.grants(new), labels=False)
        self.items_set(*args, "contract.purposes", old.contract.purposes if old.contract else [],
                       new.contract.purposes if new.contract else [], labels=False)
        self.items_set(*args, "certifications", [c.label for c in old.certifications], [c.label for c in new.certifications], labels=False)
        self.items_set(*args, "safeguards", self.safeguards(old.safeguards), self.safeguards(new.safeguards), labels=False)
        self.items_set(*args, "holdings", self.old.item_keys(self.old.holdings.get(old.id, ())),
                       self.new.item_keys(self.new.holdings.get(new.id, ())))
        self.declared(args, old, new)
        self.tasks(args, old, new)

    def declared(self, args: tuple, old: Party, new: Party) -> None:
        if old.declared is None and new.declared is None:
            return
        if old.declared is None or new.declared is None:
            self.add(*args, "declared", ADDED if old.declared is None else REMOVED)
            return
        self.items_set(*args, "declared.items", old.declared.items, new.declared.items, labels=False)
        self.items_set(*args, "declared.media", old.declared.media, new.declared.media, labels=False)
        self.value(*args, "declared.complete", old.declared.complete, new.declared.complete)

    def tasks(self, args: tuple, old: Party, new: Party) -> None:
        old_tasks = {t.id: t for t in old.tasks}
        for task in new.tasks:
            before = old_tasks.pop(task.id, None)
            if before is None:
                self.add(*args, "task", ADDED, task.label, added=tuple(self.label(k) for k in self.new.item_keys(task.needed_items)))
                continue
            self.value(*args, "task.label", before.label, task.label, part=task.label)
            self.items_set(*args, "task.needs", self.old.item_keys(before.needed_items), self.new.item_keys(task.needed_items), part=task.label)
            self.items_set(*args, "task.produces", self.old.item_keys(before.produced_items), self.new.item_keys(task.produced_items), part=task.label)
            self.value(*args, "task.copies_documents", before.copies_documents, task.copies_documents, part=task.label)
            self.value(*args, "task.use", before.use, task.use, part=task.label)
        for task in old_tasks.values():
            self.add(*args, "task", REMOVED, task.label)

    def flow_wide(self) -> None:
        old, new = self.old.flow, self.new.flow
        args = ("flow", "flow", "フロー全体")
        self.items_set(*args, "safeguards", self.safeguards(old.safeguards), self.safeguards(new.safeguards), labels=False)
        for side in ("ward", "contractor"):
            for name in ("applied", "not_needed"):
                before = _checklist(old, side, name)
                after = _checklist(new, side, name)
                self.items_set(*args, f"checklist.{side}.{name}", self.safeguards(before), self.safeguards(after), labels=False)

    def findings(self, analyse: Analyse) -> None:
        old = {finding_key(f): f for f in analyse(self.old.flow)}
        new = {finding_key(f): f for f in analyse(self.new.flow)}
        for key, finding in sorted(new.items(), key=lambda kv: kv[1]):
            subject = finding_subject(finding)
            if key not in old:
                self.add("findings", finding.id, subject, "", ADDED, added=finding.items)
                continue
            before = old[key]
            self.value("findings", finding.id, subject, "kind", before.kind_label, finding.kind_label)
            self.value("findings", finding.id, subject, "severity", before.severity.label, finding.severity.label)
            self.items_set("findings", finding.id, subject, "finding.items", before.items, finding.items, labels=False)
        for key, finding in sorted(old.items(), key=lambda kv: kv[1]):
            if key not in new:
                subject = finding_subject(finding)
                self.add("findings", finding.id, subject, "", REMOVED, removed=finding.items)


def finding_subject(finding) -> str:
    """FM206 [指摘 中] … or FM410 [確認事項] …: a gap with its severity, a question apart."""
    grade = "確認事項" if finding.question else f"指摘 {finding.severity.label}"
    return f"{finding.code} [{grade}] {finding.message}"


def _checklist(flow: Flow, side: str, name: str) -> list:
    checklist = getattr(flow.checklist, side, None) if flow.checklist is not None else None
    return list(getattr(checklist, name)) if checklist is not None else []


def diff_flows(old: Flow, new: Flow, analyse: Analyse | None | bool = True) -> FlowDiff:
    """Compare two versions of a flow. ``analyse``: True → the installed analysis (if any),
    a callable → that one, None/False → findings are not compared."""
    if analyse is True:
        analyse = default_analyse()
    differ = _Differ(old, new)
    differ.items()
    differ.steps()
    differ.parties()
    differ.flow_wide()
    if analyse:
        differ.findings(analyse)
    return FlowDiff(
        old_file=old.source, new_file=new.source,
        old_id=old.submission.id, new_id=new.submission.id,
        old_title=old.submission.title, new_title=new.submission.title,
        changes=tuple(differ.changes), findings_compared=bool(analyse), words=differ.words,
    )

