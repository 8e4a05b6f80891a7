"""The analysis API: ``analyse(flow)`` runs every rule, merges what says one gap, and returns sorted
findings.

The renderer, the comparison and the CLI all call exactly this function. Findings that describe one
gap are merged (``flowmap.rules.merge``): one finding per gap per subject. Accepted findings
(``flow.accepted``) stay in the list, marked accepted; an acceptance recorded under the id of a
finding that is now part of a merged one is carried to it (all parts accepted: accepted; some:
一部承認済み, still open); an accepted id that matches no finding and no part is itself reported
(FM500), so that suppressions never go stale silently.
"""

from __future__ import annotations

from dataclasses import replace

from flowmap.rules.findings import Finding
from flowmap.flow.model import Accepted, Flow
from flowmap.rules.context import Context
from flowmap.rules.merge import HANDOVER_CODE, merge
from flowmap.rules.registry import RULES, STALE_ACCEPTANCE, rule_by_code


def run_rules(ctx: Context) -> list[Finding]:
    """Every rule's findings for one context, unsorted, unmerged, without acceptance applied."""
    return [finding for entry in RULES for finding in entry.run(ctx)]


def _reason(entry: Accepted) -> str:
    return f"{entry.reason}({entry.by} {entry.date})"


def accept(finding: Finding, accepted: dict[str, Accepted]) -> Finding:
    """The finding with the acceptances that apply to it: its own id, or the ids of its parts."""
    if finding.id in accepted:
        return replace(finding, accepted=True, accepted_reason=_reason(accepted[finding.id]))
    done = [(p.id, accepted[p.id]) for p in finding.parts if p.id in accepted]
    if not done:
        return finding
    reasons = "; ".join(f"{pid}: {_reason(entry)}" for pid, entry in done)
    if len(done) == len(finding.parts):
        return replace(finding, accepted=True, accepted_reason=reasons)
    return replace(finding, accepted_reason=f"一部承認済み({reasons})")


def apply_acceptance(flow: Flow, findings: list[Finding], ctx: Context) -> list[Finding]:
    accepted = {a.id: a for a in flow.accepted}
    out = [accept(f, accepted) for f in findings]
    known = {f.id for f in findings} | {p.id for f in findings for p in f.parts}
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
    """All findings for a loaded flow, merged and sorted (file, line, code), acceptance applied."""
    ctx = Context(flow)
    merged = merge(ctx, run_rules(ctx), rule_by_code(HANDOVER_CODE))
    return sorted(apply_acceptance(flow, merged, ctx))
