"""Sections of the comparison as aligned text, Markdown, CSV or JSON.

Text tables are aligned by display width (East Asian Width, UAX #11: a kanji takes two
columns), not by character count, so Japanese columns line up in a terminal; long cells wrap onto
further lines at the same width.
"""

from __future__ import annotations

import csv
import io
import json
from bisect import bisect_right
from itertools import accumulate
from typing import Any, Callable

from flowmap.compare.overview import Overview, Section
from flowmap.output.escape import markdown, sheet, terminal
from flowmap.output.textwidth import char_width, display_width, pad

LIST_SEPARATOR = "、"
MAX_CELL = 44   # display columns of a text-table cell before it wraps onto the next line


def cell(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(map(str, value))
    return "" if value is None else str(value)


def _cells(section: Section) -> tuple[list[str], list[list[str]]]:
    headers = [label for _, label in section.columns]
    rows = [[cell(row.get(key)) for key, _ in section.columns] for row in section.rows]
    return headers, rows


def wrap(text: str, width: int | None = None) -> list[str]:
    """Split a cell into lines of at most ``width`` display columns (``MAX_CELL`` by default),
    preferring to break after a list separator (、) so that items stay whole. Linear in the
    text (a cell listing 50,000 step numbers is measured once, not once per line)."""
    width = width or MAX_CELL
    prefix = list(accumulate((char_width(c) for c in text), initial=0))
    lines: list[str] = []
    start = 0
    while prefix[-1] - prefix[start] > width:
        cut = bisect_right(prefix, prefix[start] + width) - 1  # the longest run that fits
        soft = text.rfind(LIST_SEPARATOR, start, cut + 1)     # a separator may hang past the width
        if soft > start:
            cut = soft + 1
        lines.append(text[start:cut])
        start = cut
    return lines + [text[start:]]


def section_text(section: Section) -> str:
    headers, rows = _cells(section)
    lines = [f"■ {terminal(section.title)}"]
    if rows:
        wrapped = [[wrap(terminal(c)) for c in row] for row in rows]
        widths = [max(display_width(part) for cell in column for part in cell)
                  for column in zip([[h] for h in headers], *wrapped)]
        line = lambda cells: "  ".join(pad(c, w) for c, w in zip(cells, widths)).rstrip()
        lines += [line(headers), line(["-" * w for w in widths])]
        for row in wrapped:
            for depth in range(max(len(cell) for cell in row)):
                lines.append(line([cell[depth] if depth < len(cell) else "" for cell in row]))
    lines += [f"※ {terminal(note)}" for note in section.notes]
    return "\n".join(lines) + "\n"




def section_markdown(section: Section) -> str:
    headers, rows = _cells(section)
    lines = [f"## {markdown(section.title)}", ""]
    if rows:
        lines += ["| " + " | ".join(map(markdown, headers)) + " |", "|" + " --- |" * len(headers)]
        lines += ["| " + " | ".join(map(markdown, r)) + " |" for r in rows]
        lines.append("")
    lines += [f"> {markdown(note)}" for note in section.notes]
    return "\n".join(lines) + "\n"


def section_csv(section: Section) -> str:
    headers, rows = _cells(section)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([sheet(h) for h in headers])
    writer.writerows([sheet(c) for c in row] for row in rows)
    return out.getvalue()


def overview_text(overview: Overview) -> str:
    return "\n".join(section_text(s) for s in overview.sections)


def overview_markdown(overview: Overview) -> str:
    return "# 案件の比較\n\n" + "\n".join(section_markdown(s) for s in overview.sections)


def overview_csv(overview: Overview) -> str:
    """One CSV table per section; several sections are separated by a blank line and a title row."""
    if len(overview.sections) == 1:
        return section_csv(overview.sections[0])
    return "\r\n".join(f"# {terminal(s.title)}\r\n{section_csv(s)}" for s in overview.sections)


def overview_json(overview: Overview) -> str:
    data = {
        "flows": list(overview.flows),
        "sections": [
            {"code": s.code, "title": s.title, "columns": dict(s.columns), "rows": list(s.rows),
             "notes": list(s.notes)}
            for s in overview.sections
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


OVERVIEW_FORMATS: dict[str, Callable[[Overview], str]] = {
    "text": overview_text, "markdown": overview_markdown, "csv": overview_csv, "json": overview_json,
}
