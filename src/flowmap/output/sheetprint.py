"""Worksheets that print: A4, fit to the page width, header rows repeated on every page,
borders, wrapped text and row heights that show every line.

Spreadsheet programs do not size a row to its wrapped text when they open a file (openpyxl
writes no heights; Excel and LibreOffice then show one line), so the height of each row is
computed here from the display width of its text per column width. Every value reaches the
sheet through ``PrintSheet.put``, the one place where cell text is written.
"""

from __future__ import annotations

import math
from typing import Sequence

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from flowmap.output.escape import sheet

from flowmap.output.textwidth import display_width

FONT_NAME = "MS ゴシック"  # fixed pitch on every Windows: display width is drawn width
FONT_SIZE = 10.5
LINE_PT = FONT_SIZE * 1.5    # line pitch of the tallest Japanese fonts (Noto Sans CJK: 1.45 em)
PADDING_PT = 5.0
MAX_ROW_PT = 180.0           # a value taller than this continues in the next row (Excel stops at 409 pt)
# display columns per character unit of width: a full-width character of 10.5 pt is about two
# units of the default 11 pt font; the rest is kept for the cell's padding and line breaking
COLUMNS_PER_UNIT = 0.95
# A4 less 12.7 mm margins, in character units (one unit is about 7 px at 96 dpi, plus 5 px a column)
PORTRAIT_UNITS = 95
A4_PT = (595.0, 842.0)
MARGIN_IN = 0.5
PAGE_SLACK = 0.93            # keep our page breaks ahead of the program's own
CONTINUED = "(続き)"

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="D9D9D9")
LABEL_FILL = PatternFill("solid", fgColor="F2F2F2")
BODY = Font(name=FONT_NAME, size=FONT_SIZE)
BOLD = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)


def text_columns(width: float) -> int:
    """Display columns of text that one line of a cell ``width`` units wide holds."""
    return max(1, math.floor((width - 1) * COLUMNS_PER_UNIT))


def wrapped_lines(text: str, columns: int) -> int:
    """Lines ``text`` takes when wrapped at ``columns`` display columns; one more per
    paragraph than the plain ratio once it wraps, for words and 、。 that cannot start a line."""
    total = 0
    for paragraph in str(text).split("\n"):
        width = display_width(paragraph)
        total += 1 if width <= columns else math.ceil(width / columns) + (width // (columns * 4))
    return total


def row_height(lines: int) -> float:
    return lines * LINE_PT + PADDING_PT


def landscape(widths: Sequence[float]) -> bool:
    """Wider than an A4 portrait page holds: print across the long side."""
    return sum(widths) > PORTRAIT_UNITS


def chunks(text: str, columns: int, max_lines: int) -> list[str]:
    """``text`` cut between paragraphs into pieces of at most ``max_lines`` lines (a single
    longer paragraph stays whole), so that no row outgrows a page."""
    pieces: list[list[str]] = [[]]
    for paragraph in str(text).split("\n"):
        if pieces[-1] and wrapped_lines("\n".join(pieces[-1] + [paragraph]), columns) > max_lines:
            pieces.append([])
        pieces[-1].append(paragraph)
    return ["\n".join(piece) for piece in pieces]


class PrintSheet:
    """Fills one worksheet row by row and sets it up for printing.

    Page breaks are placed here rather than left to the spreadsheet program, so that a value
    continued on the next page gets its label again ("(続き)") and a merged 区分 never runs
    across a page break, where it would print on the first page only."""

    def __init__(self, ws: Worksheet, widths: Sequence[float], title: str | None = None, grouped: int = 0):
        self.ws, self.widths, self.row, self.grouped = ws, tuple(widths), 1, grouped
        self._open: dict[int, tuple[int, tuple]] = {}  # grouped column → (first row, values so far)
        self._heights: dict[int, float] = {}
        self._used = 0.0  # points of the current page filled by body rows
        for index, width in enumerate(self.widths, 1):
            ws.column_dimensions[ws.cell(row=1, column=index).column_letter].width = width
        wide = landscape(self.widths)
        setup = ws.page_setup
        setup.paperSize = ws.PAPERSIZE_A4
        setup.orientation = "landscape" if wide else "portrait"
        setup.fitToWidth, setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_margins = PageMargins(left=MARGIN_IN, right=MARGIN_IN, top=0.75, bottom=0.6, header=0.3, footer=0.3)
        ws.print_options.horizontalCentered = True
        if title:
            ws.oddHeader.center.text = title
            ws.oddHeader.center.font = f"{FONT_NAME},Bold"
        ws.oddFooter.center.text = "&P / &N"
        page_w, page_h = (A4_PT[1], A4_PT[0]) if wide else A4_PT
        content_pt = sum(w * 7 + 5 for w in self.widths) * 0.75
        scale = min(1.0, (page_w - 2 * MARGIN_IN * 72) / content_pt)
        self.capacity = (page_h - (0.75 + 0.6) * 72) / scale * PAGE_SLACK

    def put(self, row: int, column: int, value, font: Font = BODY, fill: PatternFill | None = None,
            center: bool = False):
        cell = self.ws.cell(row=row, column=column, value=sheet(value, csv=False))
        if isinstance(cell.value, str):
            cell.data_type = "s"  # text from a flow is never a formula (=HYPERLINK …)
        cell.font, cell.border = font, BOX
        cell.alignment = Alignment(wrap_text=True, vertical="center" if center else "top",
                                   horizontal="center" if center else "left")
        if fill is not None:
            cell.fill = fill
        return cell

    def _height(self, values: Sequence) -> float:
        return row_height(max(wrapped_lines("" if v is None else str(v), text_columns(w))
                              for v, w in zip(values, self.widths)))

    def _place(self, height: float) -> bool:
        """Account for the next row; True when it has to start a new page."""
        self._heights[self.row] = height
        if self._used and self._used + height > self.capacity:
            self._break()
            self._used = height
            return True
        self._used += height
        return False

    def _break(self) -> None:
        self.ws.row_breaks.append(Break(id=self.row - 1))
        self._used = 0.0

    def heading_row(self, values: Sequence, merge: Sequence[tuple[int, int]] = ()) -> None:
        """The header row: bold on grey, printed again at the top of every page."""
        for column, value in enumerate(values, 1):
            self.put(self.row, column, value, BOLD, HEAD_FILL, center=column > 1 or len(values) > 2)
        for left, right in merge:
            self.ws.merge_cells(start_row=self.row, end_row=self.row, start_column=left, end_column=right)
        self._heights[self.row] = self._height(values)
        self.capacity -= self._heights[self.row]
        self.ws.print_title_rows = f"{self.row}:{self.row}"
        self.row += 1

    def labelled_row(self, label: str, text: str) -> None:
        """A bold label and its value; a long value continues in further rows beside the label
        (merged), and on a new page under the label again, marked (続き)."""
        pieces = chunks(text, text_columns(self.widths[1]), int((MAX_ROW_PT - PADDING_PT) // LINE_PT))
        runs = [[self.row, self.row]]  # the rows of the value on each page
        for index, piece in enumerate(pieces):
            if self._place(self._height(["", piece])) and index:
                runs.append([self.row, self.row])
            runs[-1][1] = self.row
            self.put(self.row, 2, piece)
            self.row += 1
        for index, (top, bottom) in enumerate(runs):
            self._label(label + (CONTINUED if index else ""), top, bottom)

    def _label(self, text: str, top: int, bottom: int) -> None:
        self.put(top, 1, text, BOLD, LABEL_FILL)
        for row in range(top + 1, bottom + 1):
            self.put(row, 1, None, BOLD, LABEL_FILL)
        self.merge_down(1, top, bottom, center=False)

    def row_of(self, values: Sequence) -> None:
        """A body row; narrow columns (numbers, marks) centred. The first ``grouped`` columns
        are merged down over rows that repeat them (a 区分 written once, not on every row), and
        each new value of the first one starts a new page."""
        key = tuple(values[:self.grouped])
        changed = next((c for c in range(1, self.grouped + 1)
                        if c not in self._open or self._open[c][1] != key[:c]), None)
        if changed is not None:
            self._close(changed)
            if changed == 1 and self.row > 2:
                self._break()
        if self._place(self._height([None] * self.grouped + list(values[self.grouped:]))):
            self._close(1)   # the groups go on under their 区分 again on the new page
            changed = 1
        if changed is not None:
            self._open.update({c: (self.row, key[:c]) for c in range(changed, self.grouped + 1)})
        for column, value in enumerate(values, 1):
            self.put(self.row, column, value, center=self.widths[column - 1] <= 6)
        self.row += 1

    def _close(self, from_column: int) -> None:
        """Merge the open groups of columns ``from_column``.. down to the last row written."""
        for column in range(from_column, self.grouped + 1):
            if column in self._open:
                self.merge_down(column, self._open.pop(column)[0], self.row - 1)

    def merge_down(self, column: int, top: int, bottom: int, center: bool = True) -> None:
        """One cell over rows ``top``..``bottom``; the last row grows if the merged text needs
        more height than the rows give."""
        cell = self.ws.cell(row=top, column=column)
        need = row_height(wrapped_lines(str(cell.value or ""), text_columns(self.widths[column - 1])))
        have = sum(self._heights.get(r, row_height(1)) for r in range(top, bottom + 1))
        if need > have:
            self._heights[bottom] = self._heights.get(bottom, row_height(1)) + need - have
            self._used += need - have
        if bottom <= top:
            return
        cell.alignment = Alignment(wrap_text=True, vertical="center" if center else "top")
        self.ws.merge_cells(start_row=top, end_row=bottom, start_column=column, end_column=column)

    def finish(self) -> None:
        self._close(1)
        for row, height in self._heights.items():
            self.ws.row_dimensions[row].height = round(height, 1)
