"""The checklist's ○/－ rows → vocabulary codes per side (ward, contractor).

The checklist is the profile's form: a row is the code whose keywords it matches among the lines of
its scope (運用上 / システム上); when the words do not decide, its position in the scope does.
"""

from __future__ import annotations

from flowmap.importer.document import ChecklistRow
from flowmap.importer.safeguards import codes_for
from flowmap.flow.profiles import ChecklistForm


def checklist_marks(rows: list[ChecklistRow], form: ChecklistForm | None) -> tuple[dict | None, list[tuple[str, str]]]:
    """The ○/－ rows as codes per side (lines of the profile's checklist ``form``), and the rows
    no line fits."""
    problems: list[tuple[str, str]] = []
    if not rows:
        return None, problems
    out: dict = {}
    for side in ("ward", "contractor"):
        applied, not_needed = [], []
        for scope in ("operational", "system"):
            scoped = [r for r in rows if r.side == side and r.scope == scope]
            lines = dict(enumerate(getattr(form, scope), 1)) if form else {}
            for position, row in enumerate(scoped, 1):
                candidates = codes_for(row.text, set(lines.values()))
                code = candidates[0] if len(candidates) == 1 else lines.get(position)
                if code is None:
                    problems.append((f"checklist {side} 行{row.line}", f"語彙の行に対応づけられません: {row.text[:40]}"))
                    continue
                (applied if row.mark == "○" else not_needed).append(code)
        if applied or not_needed:
            out[side] = {"applied": applied, "not_needed": not_needed}
    return out or None, problems
