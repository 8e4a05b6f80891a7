"""The analysis, seen from the comparison: run it if it is installed, and match findings across
two versions of a flow.

``flowmap.rules.analysis`` is imported lazily so that comparison works (without findings) in a tree
where the analysis has not landed. A finding's id hashes the submission id, which differs between
two versions of one flow, so findings are matched on the rest of what the id is made of.
"""

from __future__ import annotations

from typing import Callable, Iterable

from flowmap.rules.findings import Finding
from flowmap.flow.model import Flow

Analyse = Callable[[Flow], Iterable[Finding]]


def default_analyse() -> Analyse | None:
    """``flowmap.rules.analysis.analyse`` when the analysis is present, else None."""
    try:
        from flowmap.rules.analysis import analyse
    except ImportError:
        return None
    return analyse


def finding_key(finding: Finding) -> tuple[str, str]:
    """What a finding is about, independent of the submission id: (code, subject)."""
    return finding.code, finding.subject or f"{finding.step or ''}|{finding.party or ''}"
