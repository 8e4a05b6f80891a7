"""Comparison: one flow against its earlier version (``diff``), and many flows side by side
(``overview``). Councils approve a flow once and then see amendments; members ask across
projects who holds what and which hand-overs are weaker than their peers'.
"""

from flowmap.compare.diff import Change, FlowDiff, diff_flows
from flowmap.compare.overview import Overview, Section, build_overview

__all__ = ["Change", "FlowDiff", "diff_flows", "Overview", "Section", "build_overview"]
