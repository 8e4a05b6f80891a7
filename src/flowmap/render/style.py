"""Every visual constant of the diagram in one place: fonts, sizes, colours, shapes, widths.

The DOT builder and the drawio writer read only from here, so a change of house style is a
change to this file alone.
"""

from __future__ import annotations

from flowmap.rules.findings import Severity
from flowmap.flow.vocabulary import PartyKind

DEFAULT_FONT = "Noto Sans CJK JP"
FALLBACK_FONT = "sans-serif"

# wrapping widths in display columns (a kanji is 2)
STEP_WIDTH = 28        # edge labels: ② 契約当初の対象者情報の提供
NOTE_WIDTH = 22        # internal steps (notes inside a party)
ITEMS_WIDTH = 22       # item group boxes
GROUP_NAME_WIDTH = 20  # an item group with a longer name, carried by several arrows, gets a short tag
SAFEGUARD_WIDTH = 30   # safeguard bullet boxes
TABLE_WIDTH = 32       # a safeguard's text in the table beside the drawing
TABLE_ROWS = 14        # lines per column of that table before another column starts …
TABLE_COLUMNS = 5      # … unless there would be more columns than this
NARROW_TABLE_COLUMNS = 2   # … on portrait paper
BESIDE_ROWS = 60       # lines per column of the table when it stands right of the drawing
BESIDE_LINES = 45      # a table up to this long goes beside the title, a longer one under it
SHOWN_SAFEGUARDS = 2   # more safeguards than this under one heading go to the table
BOX_LINES = 36         # a party's safeguard box longer than this is set in columns
PARTY_WIDTH = 20       # party names
TITLE_WIDTH = 80
FINDING_WIDTH = 70
FINDINGS_PER_COLUMN = 6   # a longer list of findings is set in columns …
FINDING_COLUMNS = 3        # … at most this many

FONT_SIZE = 11
EDGE_FONT_SIZE = 10
SMALL_FONT_SIZE = 10
TITLE_FONT_SIZE = 16

INK = "#263238"            # text and ordinary lines
MUTED = "#607d8b"          # secondary text (timing, carried items)
EDGE = "#37474f"
NOTE_FILL = "#fffde7"
ITEMS_FILL = "#e3f2fd"
ITEMS_BORDER = "#1e88e5"
SAFEGUARD_FILL = "#f1f8e9"
SAFEGUARD_BORDER = "#7cb342"
SYSTEM_FILL = "#eceff1"

# (fill of the organisation's box, its border) by party kind
PARTY_COLOURS: dict[PartyKind, tuple[str, str]] = {
    PartyKind.WARD: ("#e8f0fe", "#1a4fa0"),
    PartyKind.WARD_DEPARTMENT: ("#eef4ff", "#1a4fa0"),
    PartyKind.CONTRACTOR: ("#fff3e0", "#b45f06"),
    PartyKind.SUBCONTRACTOR: ("#fdf0e6", "#a0522d"),
    PartyKind.EXTERNAL: ("#f3e5f5", "#6a1b9a"),
    PartyKind.CARRIER: ("#f5f5f5", "#616161"),
    PartyKind.DEVICE: ("#eceff1", "#455a64"),
    PartyKind.SYSTEM: (SYSTEM_FILL, "#455a64"),
    PartyKind.SUBJECTS: ("#e8f5e9", "#2e7d32"),
}

SEVERITY_COLOURS: dict[Severity, str] = {
    Severity.HIGH: "#c62828",
    Severity.MEDIUM: "#e65100",
    Severity.LOW: "#b8860b",
    Severity.INFO: "#1565c0",
}

QUESTION_COLOUR = "#6a1b9a"   # questions (確認事項): listed and marked, never a severity colour
ACCEPTED_COLOUR = "#9e9e9e"   # findings a reviewer accepted: listed, not coloured on the diagram

# the box an organisation's arrows to its own systems start from
STAFF_LABELS: dict[PartyKind, str] = {
    PartyKind.WARD: "職員", PartyKind.WARD_DEPARTMENT: "職員", PartyKind.CONTRACTOR: "従事者",
    PartyKind.SUBCONTRACTOR: "従事者", PartyKind.SYSTEM: "本体", PartyKind.DEVICE: "本体",
}

# columns from left to right (the council's 資料X-1: ward left, subjects right)
COLUMNS: dict[PartyKind, int] = {
    PartyKind.WARD: 0,
    PartyKind.WARD_DEPARTMENT: 0,
    PartyKind.CONTRACTOR: 4,
    PartyKind.SUBCONTRACTOR: 6,
    PartyKind.SUBJECTS: 10,
}
# kinds placed where they act (between the parties they exchange data with)
FLOATING_KINDS = (PartyKind.EXTERNAL, PartyKind.CARRIER, PartyKind.DEVICE)
# top-to-bottom order inside one column
KIND_ORDER = [
    PartyKind.WARD, PartyKind.WARD_DEPARTMENT, PartyKind.EXTERNAL, PartyKind.CONTRACTOR,
    PartyKind.SUBCONTRACTOR, PartyKind.CARRIER, PartyKind.DEVICE, PartyKind.SYSTEM,
    PartyKind.SUBJECTS,
]

# what an edge whose label collides gets on each further layout round (see render.layout; the
# rounds stop at the first that is no better, so the likeliest cure comes first: a stiffer edge
# keeps 004's ⑭ (with --findings) off 株式会社JTB's name, where a longer one did not)
LAYOUT_TWEAKS = [
    {"weight": "10"},
    {"minlen": "2"},
    {"weight": "0"},
    {"minlen": "3", "weight": "10"},
]

GRAPH_ATTRS = {
    "rankdir": "LR",
    "compound": "true",
    "newrank": "true",
    "nodesep": "0.2",
    "ranksep": "0.3",
    "pad": "0",            # the page margin is added when drawn for the paper
    "splines": "true",
    "bgcolor": "white",
}
