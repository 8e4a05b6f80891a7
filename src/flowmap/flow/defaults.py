"""Hand-over defaults: which of the submission's general measures (``handover_defaults``) govern a
step, and the transport a step takes from them. One home for the analysis, the diagram and the
comparison, so that all three read a general measure the same way.

A default governs a step that moves data between two organisations (never a collection from, or a
delivery to, the data subjects), on a medium it covers, whose two ends (a system counts as its
owner) are both among the parties it names (any two organisations when it names none). What the
step itself states wins.
"""

from __future__ import annotations

from typing import Callable

from flowmap.flow.model import Flow, HandoverDefault, Step
from flowmap.flow.vocabulary import MEDIA_IN_SCOPE, PartyKind, Transport


def owners(flow: Flow) -> Callable[[str], str]:
    """party id → the organisation it sits within (following ``within``), itself otherwise."""
    parties = {p.id: p for p in flow.parties}

    def owner(party_id: str) -> str:
        seen: set[str] = set()
        while party_id in parties and parties[party_id].within and party_id not in seen:
            seen.add(party_id)
            party_id = parties[party_id].within  # type: ignore[assignment]
        return party_id

    return owner


def governing(flow: Flow, step: Step, owner: Callable[[str], str] | None = None) -> tuple[HandoverDefault, ...]:
    """The hand-over defaults that govern ``step`` (none for a step within one organisation)."""
    if not flow.handover_defaults or not step.source or not step.target:
        return ()
    owner = owner or owners(flow)
    src, dst = owner(step.source), owner(step.target)
    kinds = {p.id: p.kind for p in flow.parties}
    if src == dst or PartyKind.SUBJECTS in (kinds.get(src), kinds.get(dst)):
        return ()
    return tuple(
        d for d in flow.handover_defaults
        if any(step.medium in MEDIA_IN_SCOPE[m] for m in d.media)
        and (not d.between or {src, dst} <= {owner(p) for p in d.between})
    )


def effective_transport(flow: Flow, step: Step, owner: Callable[[str], str] | None = None) -> Transport:
    """The step's transport, or the one a governing default gives when the step states none."""
    if step.transport != Transport.UNKNOWN:
        return step.transport
    return next((d.transport for d in governing(flow, step, owner) if d.transport), Transport.UNKNOWN)
