"""Who holds which items: computed once from the steps and tasks of a flow.

A party holds an item when a step carries the item to it, from it or within it, when a carrier
handles the envelope it travels in, when one of the party's tasks produces it, or when it can read the item on a shared system. The data
subjects are not holders of their own data, so they are left out.
"""

from __future__ import annotations

from flowmap.flow.model import Flow
from flowmap.flow.vocabulary import PartyKind


def holdings(flow: Flow) -> dict[str, tuple[str, ...]]:
    """Item ids held by each party id, in catalogue order (subjects excluded; () for none)."""
    held: dict[str, set[str]] = {p.id: set() for p in flow.parties if p.kind != PartyKind.SUBJECTS}
    for step in flow.steps:
        for party_id in {step.source, step.target, step.via}:
            if party_id in held:
                held[party_id].update(step.item_ids)
    for party in flow.parties:
        if party.id in held:
            for task in party.tasks:
                held[party.id].update(task.produced_items)
        for grant in party.access:  # what a party can read on a shared system, it holds
            if grant.party in held:
                held[grant.party].update(grant.item_ids)
    order = [i.id for i in flow.items]
    return {party_id: tuple(i for i in order if i in items) for party_id, items in held.items()}
