"""One finding per gap per subject: the merge stage of the analysis.

Rules stay small and each says one thing; a reviewer reads one finding per gap. After the rules
have run, findings that describe one gap are folded into one:

- on one hand-over, every missing safeguard (FM101–FM109) becomes one FM100 finding that lists
  them all, with the severity of the worst and a basis for each;
- a finding that repeats, from another angle, what another finding about the same party says
  (``FOLDED_INTO``: no handler designation when the clause set itself is missing or weaker, a PC
  never erased when nothing is ever returned) is folded into that finding;
- a party and its own system are not reported twice by one rule: the system's finding is folded
  into its owner's;
- a step repeated for a later batch (②' after ②) between the same parties is one hand-over: the
  repeat's finding is folded into the first one's.

A merged finding keeps its parts (``Finding.parts``), so the stable ids of the findings it
replaced still mean something: an acceptance recorded under a part's id is carried to the merged
finding (fully when every part is accepted, else shown as 一部承認済み) and never reported stale.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Iterable

from flowmap.flow.vocabulary import SAFEGUARDS
from flowmap.rules.base import Rule
from flowmap.rules.context import Context
from flowmap.rules.findings import Finding

HANDOVER_CODE = "FM100"
# the per-safeguard hand-over rules and the safeguard each one looks for, as a reviewer names it
HANDOVER_PARTS: dict[str, str] = {
    "FM101": "暗号化", "FM103": "鍵付きカバン等", "FM104": "管理簿・確認書への記録",
    "FM105": "追跡可能な送付", "FM106": "閉域網または通信の暗号化", "FM107": "専用端末",
    "FM109": "封入封緘",
}
# safeguards that protect a hand-over: those a step has are named with where they were found
HANDOVER_SAFEGUARDS = ("encrypted_medium", "encrypt_data", "password_separate", "face_to_face_handover", "locked_bag",
                       "ledger", "tracked_delivery", "sealed", "encrypted_communication", "closed_network",
                       "dedicated_device")
# code → the codes of findings about the same party that already say the same thing
FOLDED_INTO: dict[str, tuple[str, ...]] = {
    "FM412": ("FM406", "FM405", "FM402"),   # handlers/training: the clause set is missing or weaker
    "FM208": ("FM406", "FM405"),            # purpose statement: the clause set is missing or weaker
    "FM303": ("FM301",),                    # a PC never erased: nothing is ever returned or erased
}


def combine(host: Finding, parts: Iterable[Finding], host_is_part: bool = True, **changes) -> Finding:
    """``host`` with ``parts`` folded in: worst severity, items joined, every part kept (the host
    too, when it is one of the rules' own findings rather than a new summary)."""
    parts = tuple(parts)
    every = (host, *parts)
    own = host.parts or ((host,) if host_is_part else ())
    values = {
        "severity": max(f.severity for f in every),
        "items": tuple(dict.fromkeys(i for f in every for i in f.items)),
        "parts": own + tuple(p for f in parts for p in (f.parts or (f,))),
    }
    values.update(changes)
    return replace(host, **values)


def merge_handovers(ctx: Context, findings: list[Finding], rule: Rule) -> list[Finding]:
    """Gaps of the per-safeguard rules on one step become one FM100 finding (when two or more)."""
    by_step: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.code in HANDOVER_PARTS and not f.question and f.step:
            by_step[f.step].append(f)
    steps = {s.no: s for s in ctx.flow.steps}
    out = [f for f in findings if not (f.code in HANDOVER_PARTS and not f.question and f.step and len(by_step[f.step]) > 1)]
    for no, group in by_step.items():
        if len(group) < 2:
            continue
        group.sort(key=lambda f: (-f.severity, f.code))
        step = steps[no]
        listed = "、".join(f"{HANDOVER_PARTS[f.code]}({f.severity.label})" for f in group)
        merged = rule.finding(
            ctx, line=step.line, step=no, party=group[0].party, items=step.item_ids, subject=f"handover|{no}",
            message=f"手順{no}「{step.label}」({step.medium.label}・{ctx.transport(step).label})の受渡しに次の対策の記載がない: {listed}。"
            + present(ctx, step) + ctx.transport_note(step),
            fix="".join(dict.fromkeys(f.fix for f in group)),
            basis="; ".join(f"{HANDOVER_PARTS[f.code]}: {f.basis}" for f in group),
        )
        out.append(combine(merged, group, host_is_part=False, severity=group[0].severity))
    return out


def present(ctx: Context, step) -> str:
    """The hand-over safeguards the step does have, each with where the submission states it."""
    found = ctx.step_safeguards(step)
    have = [f"{SAFEGUARDS[c].label}({found[c]})" for c in HANDOVER_SAFEGUARDS if c in found]
    return f"記載のある対策: {'、'.join(have)}。" if have else ""


def fold_angles(findings: list[Finding]) -> list[Finding]:
    """Fold each finding listed in ``FOLDED_INTO`` into a host finding about the same party and
    of the same kind (gap into gap, question into question)."""
    hosts = {(f.code, f.party, f.question): f for f in findings}
    folded: dict[tuple, list[Finding]] = defaultdict(list)
    out = []
    for f in findings:
        host = next((hosts[(code, f.party, f.question)] for code in FOLDED_INTO.get(f.code, ())
                     if (code, f.party, f.question) in hosts), None)
        if host is None:
            out.append(f)
        else:
            folded[(host.code, host.party, host.question)].append(f)
    return [_with_parts(f, folded.get((f.code, f.party, f.question), [])) for f in out]


def _with_parts(host: Finding, parts: list[Finding]) -> Finding:
    if not parts:
        return host
    extra = "".join(f" 【{p.code}】{p.message}" for p in parts)
    return combine(host, parts, message=host.message + extra,
                   basis="; ".join(dict.fromkeys([host.basis] + [p.basis for p in parts])))


def fold_systems(ctx: Context, findings: list[Finding]) -> list[Finding]:
    """A rule that reports both a party and a system within it reports the party once."""
    index = {(f.code, f.step, f.party, f.question): f for f in findings}
    folded: dict[tuple, list[Finding]] = defaultdict(list)
    out = []
    for f in findings:
        owner = ctx.owner(f.party) if f.party and f.party in ctx.parties else f.party
        key = (f.code, f.step, owner, f.question)
        if owner != f.party and key in index:
            folded[key].append(f)
        else:
            out.append(f)
    return [_with_parts(f, folded.get((f.code, f.step, f.party, f.question), [])) for f in out]


def fold_repeats(ctx: Context, findings: list[Finding]) -> list[Finding]:
    """A finding on ②' folds into the same rule's finding on ② when both steps join the same
    parties: the repeat of a step for a later batch is the same hand-over."""
    steps = {s.no: s for s in ctx.flow.steps}

    def key(f: Finding):
        step = steps.get(f.step or "")
        if step is None:
            return None
        ends = (ctx.owner(step.source), ctx.owner(step.target))
        return (f.code, step.numbers[0].base, ends, f.party, f.question)

    first: dict[tuple, Finding] = {}
    for f in sorted(findings, key=lambda f: steps[f.step].numbers if f.step in steps else ()):
        k = key(f)
        if k is not None:
            first.setdefault(k, f)
    folded: dict[int, list[Finding]] = defaultdict(list)
    out = []
    for f in findings:
        k = key(f)
        if k is not None and first[k] is not f:
            folded[id(first[k])].append(f)
        else:
            out.append(f)
    return [_repeat(f, folded.get(id(f), [])) for f in out]


def _repeat(host: Finding, repeats: list[Finding]) -> Finding:
    if not repeats:
        return host
    numbers = "・".join(f.step or "" for f in repeats)
    return combine(host, repeats, message=f"{host.message}(繰り返しの手順{numbers}も同じ。)")


def merge(ctx: Context, findings: list[Finding], handover_rule: Rule) -> list[Finding]:
    """The findings of every rule, one per gap per subject."""
    merged = merge_handovers(ctx, findings, handover_rule)
    return fold_angles(fold_repeats(ctx, fold_systems(ctx, merged)))
