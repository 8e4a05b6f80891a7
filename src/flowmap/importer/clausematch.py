"""Recognising a printed 特記事項 as one of the clause sets flowmap ships.

A set is recognised when it binds the same party (乙, 丙 …) and its clause headings, taken in
order number by number, agree closely with a shipped set's (same count, ≥ 90 % of headings).
"""

from __future__ import annotations

import difflib
import re

from flowmap.flow.clauses import builtin_clause_sets
from flowmap.importer.document import ClauseBlock
from flowmap.importer.text import normalise

THRESHOLD = 0.9


def _norm(heading: str) -> str:
    return re.sub(r"[\s()()]", "", normalise(heading))


def similarity(block: ClauseBlock, headings: list[str]) -> float:
    printed = [_norm(h) for _, h, _ in block.clauses]
    known = [_norm(h) for h in headings]
    return difflib.SequenceMatcher(a=printed, b=known, autojunk=False).ratio()


def match_clause_set(block: ClauseBlock) -> str | None:
    """The id of the shipped clause set the block is, or None."""
    best, best_score = None, 0.0
    for set_id, clause_set in sorted(builtin_clause_sets().items()):
        if _norm(clause_set.binds)[:1] != block.binds:
            continue
        if len(clause_set.clauses) != len(block.clauses):
            continue
        score = similarity(block, [c.heading for c in clause_set.clauses])
        if score > best_score:
            best, best_score = set_id, score
    return best if best_score >= THRESHOLD else None
