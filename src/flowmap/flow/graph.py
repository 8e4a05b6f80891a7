"""The one graph of a flow that analysis and rendering share: parties are nodes, steps are edges.

An internal step (① 抽出, ③ 梱包) is a self-loop on its party. Edge keys are step numbers as the
diagram writes them, so they stay stable when steps are reordered in the file.
"""

from __future__ import annotations

import networkx as nx

from flowmap.flow.model import Flow


def build_graph(flow: Flow) -> nx.MultiDiGraph:
    """Parties as nodes (attribute ``party``), steps as edges (``step``, ``items``, ``order``)."""
    graph = nx.MultiDiGraph(flow=flow)
    for party in flow.parties:
        graph.add_node(party.id, party=party)
    for order, step in enumerate(flow.steps):
        graph.add_edge(
            step.source, step.target, key=step.no, step=step, items=frozenset(step.item_ids), order=order
        )
    return graph
