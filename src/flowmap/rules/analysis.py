"""The analysis API: ``analyse(flow)`` runs every rule and returns sorted findings.

The renderer, the comparison and the CLI all call exactly this function. Accepted findings
(``flow.accepted``) stay in the list, marked accepted; an accepted id that matches no finding is
itself reported (FM500), so that suppressions never go stale silently.
"""

from __future__ import annotations

from dataclasses import replace

from flowmap.rules.findings import Finding
from flowmap.flow.model import Flow
from flowmap.rules.context import Context
from flowmap.rules.registry import RULES, STALE_ACCEPTANCE, rule_by_code


def run_rules(ctx: Context) -> list[Finding]:
    """Every rule's findings for one context, unsorted and without acceptance applied."""
    return [finding for entry in RULES for finding in entry.run(ctx)]


def apply_acceptance(flow: Flow, findings: list[Finding], ctx: Context) -> list[Finding]:
    accepted = {a.id: a for a in flow.accepted}
    out = [replace(f, accepted=True, accepted_reason=f"{accepted[f.id].reason}({accepted[f.id].by} {accepted[f.id].date})")
           if f.id in accepted else f for f in findings]
    known = {f.id for f in findings}
    stale = rule_by_code(STALE_ACCEPTANCE)
    for entry in flow.accepted:
        if entry.id not in known:
            out.append(stale.finding(
                ctx, line=entry.line, subject=f"accepted|{entry.id}",
                message=f"承認済みの指摘 {entry.id}(理由: {entry.reason})に当たる指摘がもうない。",
                fix="この accepted の項目を削除するか、現在の指摘の id に置き換える。",
            ))
    return out


def analyse(flow: Flow) -> list[Finding]:
    """All findings for a loaded flow, sorted (file, line, code), acceptance applied."""
    ctx = Context(flow)
    return sorted(apply_acceptance(flow, run_rules(ctx), ctx))
