"""The DOT source of a scene: a pure function from a ``Scene`` to text, no Graphviz needed.

Ids come from the model's English ids and the step numbers (never from names), every label is
an HTML-like label built from escaped text, and everything is emitted in a sorted, fixed order,
so the same flow always gives the same bytes.
"""

from __future__ import annotations

import re

from flowmap.rules.findings import Severity
from flowmap.render import style
from flowmap.render.scene import Mark, PartyView, Scene, StepView
from flowmap.render.text import html, pack, quote, wrap
from flowmap.flow.vocabulary import PartyKind


def _attrs(**attrs: str) -> str:
    """``[a="1", label=<...>]``: values starting with '<' are HTML labels, others are quoted."""
    parts = []
    for name, value in attrs.items():
        if value is None:
            continue
        parts.append(f"{name}={value}" if value.startswith("<") else f"{name}={quote(value)}")
    return "[" + ", ".join(parts) + "]"


def _lines(lines: list[str], colour: str | None = None, size: int | None = None) -> str:
    """Escaped lines joined by left-aligned breaks, optionally in a colour or size (a size only
    for a single line: Graphviz 2.43 spaces broken lines by the outer font size, so smaller
    text on several lines would overlap)."""
    if len(lines) > 1:
        size = None
    body = '<BR ALIGN="LEFT"/>'.join(html(line) for line in lines) + '<BR ALIGN="LEFT"/>'
    font = []
    if colour:
        font.append(f'COLOR="{colour}"')
    if size:
        font.append(f'POINT-SIZE="{size}"')
    return f"<FONT {' '.join(font)}>{body}</FONT>" if font else body


def split_columns(lines: list[str], most: int) -> list[list[str]]:
    """A long bullet list as side-by-side columns of about equal height, never splitting one
    bullet (its continuation lines start with a full-width space) across two columns."""
    bullets: list[list[str]] = []
    for line in lines:
        if bullets and line.startswith("\u3000"):
            bullets[-1].append(line)
        else:
            bullets.append([line])
    count = -(-len(lines) // most)
    if count <= 1:
        return [lines]
    target = -(-len(lines) // count)
    columns: list[list[str]] = [[]]
    for bullet in bullets:
        if columns[-1] and len(columns[-1]) + len(bullet) > target and len(columns) < count:
            columns.append([])
        columns[-1].extend(bullet)
    return columns


def _badges(mark: Mark) -> str:
    """【指摘 1・3】 in the colour of the worst gap and 【確認 7】 in the questions' colour: the
    diagram's pointers into the list."""
    parts = []
    if mark.numbers:
        text = "【指摘 " + "・".join(str(n) for n in mark.numbers) + "】"
        parts.append(f'<FONT COLOR="{style.SEVERITY_COLOURS[mark.severity]}">{html(text)}</FONT>')
    if mark.questions:
        text = "【確認 " + "・".join(str(n) for n in mark.questions) + "】"
        parts.append(f'<FONT COLOR="{style.QUESTION_COLOUR}">{html(text)}</FONT>')
    return _row("".join(parts)) if parts else ""


def findings_heading(gap_count: int, question_count: int, page: bool = False) -> str:
    """指摘事項(5件)・確認事項(3件): the list's heading, questions counted apart (on a page of
    a split flow: このページの指摘事項)."""
    return (("このページの" if page else "") + f"指摘事項({gap_count}件)"
            + (f"・確認事項({question_count}件)" if question_count else ""))


def _row(cell: str, **attrs: str) -> str:
    extra = "".join(f' {k.upper()}="{v}"' for k, v in attrs.items())
    return f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"{extra}>{cell}</TD></TR>'


def _table(rows: list[str], **attrs: str) -> str:
    attrs = {"cellspacing": "2", "cellpadding": "1", **attrs}
    extra = "".join(f' {k.upper()}="{v}"' for k, v in attrs.items())
    return f'<<TABLE BORDER="0" CELLBORDER="0"{extra}>{"".join(rows)}</TABLE>>'


def _group_box(box) -> str:
    head = f'<FONT COLOR="{style.ITEMS_BORDER}">{_lines(wrap(box.title, style.ITEMS_WIDTH))}</FONT>'
    return _row(head + _lines(box.lines, size=style.SMALL_FONT_SIZE), border="1",
                color=style.ITEMS_BORDER, bgcolor=style.ITEMS_FILL, cellpadding="4")


def _safeguard_box(lines: list[str]) -> str:
    return _row(_lines(lines, size=style.SMALL_FONT_SIZE), border="1",
                color=style.SAFEGUARD_BORDER, bgcolor=style.SAFEGUARD_FILL, cellpadding="4")


def step_label(view: StepView, with_boxes: bool = True) -> str:
    """② 契約当初の…(R6.7.1時点)(USBメモリ・手渡し), then its item group and safeguard boxes."""
    first = html(f"{view.number} {view.title[0] if view.title else ''}")
    rest = view.title[1:]
    heading = first + '<BR ALIGN="LEFT"/>' + (_lines(rest) if rest else "")
    rows = [row for row in (_badges(view.mark), _row(heading)) if row]
    detail = pack(re.split(r"(?<=\))(?=\()", view.timing + view.medium), style.STEP_WIDTH + 4)
    if detail:
        rows.append(_row(_lines(detail, size=style.EDGE_FONT_SIZE)))
    if view.carried:
        rows.append(_row(_lines(view.carried, colour=style.MUTED, size=style.SMALL_FONT_SIZE)))
    if with_boxes:
        rows += [_group_box(box) for box in view.groups]
        if view.safeguards:
            rows.append(_safeguard_box(view.safeguards))
    return _table(rows)


def _party_label(view: PartyView) -> str:
    rows = [row for row in (_badges(view.mark), _row(_lines(view.name))) if row]
    rows.append(_row(_lines([view.subtitle], colour=style.MUTED, size=style.SMALL_FONT_SIZE)))
    return _table(rows)


class DotWriter:
    """Builds the DOT text of one scene; ``font`` is the family Graphviz should use."""

    def __init__(self, scene: Scene, font: str = style.DEFAULT_FONT, dpi: int | None = None,
                 tweaks: dict[str, int] | None = None):
        self.scene = scene
        self.tweaks = tweaks or {}
        self.font = font
        self.dpi = dpi
        self.out: list[str] = []
        self.columns: dict[int, list[str]] = {}
        self.staff = self._staff_needed()

    def line(self, depth: int, text: str) -> None:
        self.out.append("  " * depth + text)

    @staticmethod
    def node_id(view: PartyView) -> str:
        return quote(f"p-{view.party.id}")

    @staticmethod
    def cluster_id(view: PartyView) -> str:
        return quote(f"cluster_{view.party.id}")

    # --- parties ---------------------------------------------------------------------------

    def party(self, view: PartyView, depth: int) -> None:
        fill, border = style.PARTY_COLOURS.get(view.party.kind, (style.SYSTEM_FILL, style.INK))
        width = "1"
        if view.mark.severity is not None:
            border, width = style.SEVERITY_COLOURS[view.mark.severity], "2.5"
        if not view.is_box:
            shape = "box3d" if view.party.kind in (PartyKind.SYSTEM, PartyKind.DEVICE) else "box"
            self.line(depth, self.node_id(view) + " " + _attrs(
                id=view.key, label=_party_label(view), shape=shape, style="rounded,filled" if shape == "box" else "filled",
                fillcolor=fill, color=border, penwidth=width))
            self.columns.setdefault(view.rank, []).append(self.node_id(view))
            return
        self.line(depth, f"subgraph {self.cluster_id(view)} {{")
        for name, value in (("id", view.key), ("label", _party_label(view)), ("style", "rounded,filled"),
                            ("fillcolor", fill), ("color", border), ("penwidth", width),
                            ("labeljust", "l"), ("margin", "10")):
            self.line(depth + 1, f"{name}={value if value.startswith('<') else quote(value)};")
        # the anchor: arrows to and from the organisation end on it and are clipped at the box
        self.line(depth + 1, self.node_id(view) + " " + _attrs(
            label="", shape="point", width="0.01", height="0.01", style="invis"))
        self.columns.setdefault(view.rank, []).append(self.node_id(view))
        if view.party.id in self.staff:
            staff = quote(f"staff-{view.party.id}")
            self.line(depth + 1, staff + " " + _attrs(
                id=f"staff-{view.party.id}", label=_table([_row(html(style.STAFF_LABELS.get(view.party.kind, "担当者")))]),
                shape="box", style="rounded,dashed", color=border, fontsize=str(style.SMALL_FONT_SIZE)))
            self.columns.setdefault(view.rank, []).append(staff)
        for child in view.children:
            self.party(child, depth + 1)
        for note in view.notes:
            note_id = quote(f"n-{note.key}")
            self.line(depth + 1, note_id + " " + _attrs(
                id=f"note-{note.key}", label=step_label(note), shape="note", style="filled",
                fillcolor=style.NOTE_FILL, color=self._severity_colour(note, style.INK),
                penwidth="2.5" if note.mark.severity is not None else "1"))
            self.columns.setdefault(view.rank, []).append(note_id)
        if view.safeguards:
            box_id = quote(f"g-{view.party.id}")
            cells = "".join(f'<TD ALIGN="LEFT" BALIGN="LEFT" VALIGN="TOP">{_lines(column)}</TD>'
                            for column in split_columns(view.safeguards, style.BOX_LINES))
            self.line(depth + 1, box_id + " " + _attrs(
                id=f"safeguards-{view.party.id}", label=_table([f"<TR>{cells}</TR>"]),
                shape="box", style="filled", fillcolor=style.SAFEGUARD_FILL, color=style.SAFEGUARD_BORDER))
            self.columns.setdefault(view.rank, []).append(box_id)
        self.line(depth, "}")

    # --- steps -----------------------------------------------------------------------------

    @staticmethod
    def _severity_colour(view: StepView, default: str) -> str:
        return style.SEVERITY_COLOURS[view.mark.severity] if view.mark.severity is not None else default

    def ancestors(self, party_id: str) -> list[str]:
        out, party = [], self.scene.parties[party_id].party
        while party.within and party.within in self.scene.parties and party.within not in out:
            out.append(party.within)
            party = self.scene.parties[party.within].party
        return out

    def _staff_needed(self) -> set[str]:
        """Organisations that exchange data with their own systems (JTB → its 予約管理システム):
        such an arrow starts at a small 従事者/職員 box inside the organisation, since an arrow
        cannot leave a box towards something inside it."""
        needed = set()
        for view in self.scene.steps:
            if view.source in self.ancestors(view.target):
                needed.add(view.source)
            if view.target in self.ancestors(view.source):
                needed.add(view.target)
        return needed

    def end(self, party_id: str, other_id: str) -> tuple[str, str | None]:
        view = self.scene.parties[party_id]
        if party_id in self.ancestors(other_id):
            return quote(f"staff-{party_id}"), None
        return self.node_id(view), (f"cluster_{view.party.id}" if view.is_box else None)

    def segment(self, view: StepView, source: str, target: str, key: str, label: str | None) -> None:
        tail, ltail = self.end(source, target)
        head, lhead = self.end(target, source)
        src_col = self.scene.parties[source].rank
        dst_col = self.scene.parties[target].rank
        attrs = dict(id=key, label=label, color=self._severity_colour(view, style.EDGE),
                     fontcolor=style.INK, penwidth="2.5" if view.mark.severity is not None else "1.2")
        if src_col > dst_col:
            # drawn right-to-left: written left-to-right so ranking stays ward → subjects
            tail, head, ltail, lhead = head, tail, lhead, ltail
            attrs["dir"] = "back"
        elif src_col == dst_col:
            attrs["constraint"] = "false"
        if self.tweaks.get(key) and "constraint" not in attrs:
            # nudged to clear a collision: longer, stiffer or looser (style.LAYOUT_TWEAKS)
            attrs.update(style.LAYOUT_TWEAKS[min(self.tweaks[key], len(style.LAYOUT_TWEAKS)) - 1])
        attrs["ltail"], attrs["lhead"] = ltail, lhead
        self.line(1, f"{tail} -> {head} " + _attrs(**attrs))

    def step(self, view: StepView) -> None:
        if self.scene.overview:
            label = _table([_row(_lines(view.number.split("\n")))])
            if view.via and view.via in self.scene.parties:
                self.segment(view, view.source, view.via, f"step-{view.key}", label)
                self.segment(view, view.via, view.target, f"step-{view.key}-via", label)
            else:
                self.segment(view, view.source, view.target, f"step-{view.key}", label)
            return
        if view.via and view.via in self.scene.parties:
            self.segment(view, view.source, view.via, f"step-{view.key}", step_label(view))
            self.segment(view, view.via, view.target, f"step-{view.key}-via",
                         _table([_row(html(view.number))]))
        else:
            self.segment(view, view.source, view.target, f"step-{view.key}", step_label(view))

    # --- title, legend, findings -----------------------------------------------------------

    def title(self) -> str:
        scene = self.scene
        head = "個人情報の流れ" + (f"　{scene.reference}" if scene.reference else "")
        rows = [_row(f'<FONT POINT-SIZE="{style.TITLE_FONT_SIZE}">{html(head)}</FONT>')]
        rows.append(_row(_lines([f"件名: {scene.title[0] if scene.title else ''}"] + scene.title[1:])))  # a blank title wraps to no line
        rows.append(_row(_lines([f"担当課: {scene.department}"], colour=style.MUTED)))
        if scene.page:
            rows.append(_row(_lines(wrap(scene.page, style.TITLE_WIDTH))))
        short_table = 0 < sum(len(row.lines) + 1 for row in scene.table) <= style.BESIDE_LINES and not scene.narrow
        if scene.narrow:       # portrait paper: everything stacked, two legend boxes a row
            rows.append(f'<TR><TD ALIGN="LEFT">{self.legend(2)}</TD></TR>')
        elif short_table and not scene.table_beside:
            rows.append(f'<TR><TD ALIGN="LEFT">{self.legend()}</TD></TR>')
        else:
            # the legend beside the title lines, not under them: the title block is a band
            # over the whole drawing, and each line of its height costs the page's width
            rows = [f'<TR><TD ALIGN="LEFT" VALIGN="TOP">{_table(rows)[1:-1]}</TD><TD WIDTH="24"></TD>'
                    f'<TD ALIGN="LEFT" VALIGN="TOP">{self.legend(2)}</TD></TR>']
            rows = [f'<TR><TD ALIGN="LEFT">{_table(rows, cellspacing="0", cellpadding="0")[1:-1]}</TD></TR>']
        if scene.flow_safeguards:
            rows.append(_row(html("全体の情報保護対策")))
            rows.append(_safeguard_box(scene.flow_safeguards))
        if not scene.table or scene.table_beside:
            return _table(rows)
        if not short_table:
            # a long table: under the title, in up to TABLE_COLUMNS columns across the page
            rows.append(f'<TR><TD ALIGN="LEFT">{self.table()}</TD></TR>')
            return _table(rows)
        # a short table beside the title, where the drawing leaves room (an empty cell under
        # the title takes up the table's extra height, so the title block is not stretched)
        return (f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>'
                f'<TD VALIGN="TOP" ALIGN="LEFT">{_table(rows)[1:-1]}</TD><TD WIDTH="16" ROWSPAN="2"></TD>'
                f'<TD VALIGN="TOP" ALIGN="LEFT" ROWSPAN="2">{self.table()}</TD></TR><TR><TD></TD></TR></TABLE>>')

    def legend(self, across: int = 4) -> str:
        """The legend's boxes, ``across`` to a row (two when it stands beside the title)."""
        cells = [
            (style.PARTY_COLOURS[PartyKind.WARD], f"{self.scene.words.body}・委託先などの組織(枠内はそのシステム・パソコン)"),
            ((style.NOTE_FILL, style.INK), "内部の処理(番号と内容)"),
            ((style.ITEMS_FILL, style.ITEMS_BORDER), "情報項目(最初に運ぶ手順の横)"),
            ((style.SAFEGUARD_FILL, style.SAFEGUARD_BORDER), "・情報保護対策"),
        ]
        small = f'<FONT POINT-SIZE="{style.SMALL_FONT_SIZE}">{{}}</FONT>'
        boxes = [f'<TD BORDER="1" COLOR="{border}" BGCOLOR="{fill}" CELLPADDING="3" ALIGN="LEFT">{small.format(html(text))}</TD>'
                 for (fill, border), text in cells]
        arrow = small.format(html("→ 手順: 番号 内容 (時期)(頻度)(記録媒体・運搬方法)"))
        rows = [f'<TR><TD ALIGN="LEFT">{small.format(html("凡例")) if i == 0 else ""}</TD>{"".join(boxes[i:i + across])}</TR>'
                for i in range(0, len(boxes), across)]
        rows.append(f'<TR><TD></TD><TD COLSPAN="{across}" ALIGN="LEFT">{arrow}</TD></TR>')
        cells = boxes[:across]
        if self.scene.findings:
            sev = "".join(
                f'<TD BGCOLOR="{style.SEVERITY_COLOURS[s]}"><FONT COLOR="white" POINT-SIZE="{style.SMALL_FONT_SIZE}">{html("指摘 " + s.label)}</FONT></TD>'
                for s in sorted(Severity, reverse=True))
            sev += (f'<TD BGCOLOR="{style.QUESTION_COLOUR}"><FONT COLOR="white" POINT-SIZE="{style.SMALL_FONT_SIZE}">'
                    f'{html("確認事項")}</FONT></TD>')
            rows.append(f'<TR><TD></TD><TD COLSPAN="{len(cells)}" ALIGN="LEFT"><TABLE BORDER="0" CELLSPACING="2"><TR>{sev}</TR></TABLE></TD></TR>')
        return f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="3" CELLPADDING="1">{"".join(rows)}</TABLE>'

    def _finding_row(self, numbered) -> str:
        finding = numbered.finding
        colour = (style.ACCEPTED_COLOUR if finding.accepted else style.QUESTION_COLOUR if finding.question
                  else style.SEVERITY_COLOURS[finding.severity])
        grade = "確認" if finding.question else finding.severity.label
        text = _lines(wrap(finding.message, style.FINDING_WIDTH))
        if finding.accepted:
            text += _lines(wrap("承認済み: " + (finding.accepted_reason or ""), style.FINDING_WIDTH),
                           colour=style.ACCEPTED_COLOUR)
        if finding.fix:
            text += _lines(wrap("対処: " + finding.fix, style.FINDING_WIDTH), colour=style.MUTED)
        return (f'<TR><TD BGCOLOR="{colour}" VALIGN="TOP"><FONT COLOR="white"> {numbered.number} </FONT></TD>'
                f'<TD VALIGN="TOP" ALIGN="LEFT">{html(grade)} {html(finding.code)}</TD>'
                f'<TD VALIGN="TOP" ALIGN="LEFT" BALIGN="LEFT">{_lines(wrap(numbered.target, 16))}</TD>'
                f'<TD ALIGN="LEFT" BALIGN="LEFT" VALIGN="TOP">{text}</TD></TR>')

    def findings(self) -> str:
        """The numbered list, in up to three side-by-side columns when it is long."""
        found = self.scene.listed_findings()
        count = min(style.FINDING_COLUMNS, -(-len(found) // style.FINDINGS_PER_COLUMN))
        per = -(-len(found) // max(count, 1))
        tables = []
        for start in range(0, len(found), per):
            rows = "".join(self._finding_row(n) for n in found[start:start + per])
            tables.append(f'<TD VALIGN="TOP" ALIGN="LEFT"><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" '
                          f'CELLPADDING="2">{rows}</TABLE></TD>')
        asked = sum(1 for n in found if n.finding.question)
        head = f'<TR><TD ALIGN="LEFT" COLSPAN="{len(tables)}">{html(findings_heading(len(found) - asked, asked, bool(self.scene.page)))}</TD></TR>'
        return (f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="8" CELLPADDING="0">{head}'
                f'<TR>{"".join(tables)}</TR></TABLE>')

    def table(self, rows: int | None = None) -> str:
        """The safeguards set apart from the drawing (対策表), in columns of TABLE_ROWS lines,
        each group under its owner and heading, as a hand-drawn 資料 lists them beside it."""
        blocks: list[list[str]] = []           # one safeguard (under its owner's heading when it is
        owner = None                           # the first of them): lines kept together
        for row in self.scene.table:
            block = []
            if (row.owner, row.heading) != owner:
                owner = (row.owner, row.heading)
                block = wrap(f"{row.owner}【{row.heading}】", style.TABLE_WIDTH + 4)
            mark = f"{row.number:>2}"
            blocks.append([*block, f"{mark} {row.lines[0]}", *("\u3000 " + line for line in row.lines[1:])])
        columns: list[list[str]] = [[]]
        most = style.NARROW_TABLE_COLUMNS if self.scene.narrow else style.TABLE_COLUMNS
        per_column = max(rows or style.TABLE_ROWS, -(-sum(map(len, blocks)) // most))
        for block in blocks:
            if columns[-1] and len(columns[-1]) + len(block) > per_column:
                columns.append([])
            columns[-1].extend(block)
        cells = "".join(f'<TD VALIGN="TOP" ALIGN="LEFT" BALIGN="LEFT">{_lines(column)}</TD>' for column in columns)
        head = f'<TR><TD ALIGN="LEFT" COLSPAN="{len(columns)}">{html("対策表(図中の番号の情報保護対策)")}</TD></TR>'
        return (f'<TABLE BORDER="1" COLOR="{style.SAFEGUARD_BORDER}" BGCOLOR="{style.SAFEGUARD_FILL}" CELLBORDER="0" '
                f'CELLSPACING="6" CELLPADDING="0">{head}<TR>{cells}</TR></TABLE>')

    def heading(self) -> str:
        """The title block, with the numbered findings under it when there are any."""
        if not self.scene.listed_findings():
            return self.title()
        return (f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">'
                f'<TR><TD ALIGN="LEFT">{self.title()[1:-1]}</TD></TR>'
                f'<TR><TD ALIGN="LEFT">{self.findings()}</TD></TR></TABLE>>')


    # --- the whole graph -------------------------------------------------------------------

    def build(self) -> str:
        scene = self.scene
        self.line(0, f"digraph {quote(scene.flow_id)} {{")
        # the title block (and the findings) is the graph's own label, on top: Graphviz keeps
        # every node, label and arrow clear of it (a cluster's label it does not, in LR layouts)
        # on portrait paper the flow runs down the page (区 at the top, 区民 at the bottom)
        flow_direction = {"rankdir": "TB"} if self.scene.narrow else {}
        graph = dict(style.GRAPH_ATTRS, **flow_direction, fontname=self.font, fontsize=str(style.FONT_SIZE),
                     labelloc="t", labeljust="l", label=self.heading())
        if self.dpi:
            graph["dpi"] = str(self.dpi)
        self.line(1, "graph " + _attrs(**graph))
        self.line(1, "node " + _attrs(fontname=self.font, fontsize=str(style.FONT_SIZE), fontcolor=style.INK,
                                      shape="box", margin="0.08,0.04"))
        self.line(1, "edge " + _attrs(fontname=self.font, fontsize=str(style.EDGE_FONT_SIZE), arrowsize="0.8"))
        self.line(1, "subgraph cluster_body {")
        for name, value in (("id", "body"), ("label", ""), ("color", "white"), ("fontsize", str(style.FONT_SIZE))):
            self.line(2, f"{name}={value if value.startswith('<') else quote(value)};")
        for root in scene.roots:
            self.party(root, 2)
        # the arrows inside the body too: their label nodes then stay clear of the title
        for view in scene.steps:
            self.step(view)
        if scene.table and scene.table_beside:
            # the 対策表 right of the drawing, in a column of its own: a tall drawing leaves the
            # page's width free, not its height (inside the body, it is centred on the drawing)
            self.line(2, '"table" ' + _attrs(id="table", shape="plain", fontsize=str(style.SMALL_FONT_SIZE), label="<" + self.table(style.BESIDE_ROWS) + ">"))
            self.columns[max(self.columns, default=0) + 1] = ['"table"']
        self.line(1, "}")
        for column in sorted(self.columns):
            self.line(1, "{ rank=same; " + " ".join(f"{n};" for n in self.columns[column]) + " }")
        ranks = sorted(self.columns)
        for left, right in zip(ranks, ranks[1:]):
            self.line(1, f"{self.columns[left][0]} -> {self.columns[right][0]} "
                         f"[style=invis, weight=0, minlen={right - left}]")
        self.line(0, "}")
        return "\n".join(self.out) + "\n"


def build_dot(scene: Scene, font: str = style.DEFAULT_FONT, dpi: int | None = None,
              tweaks: dict[str, int] | None = None) -> str:
    """The DOT text of a scene (byte-identical for the same arguments); ``dpi`` only for bitmap
    output; ``tweaks`` gives some edges (by id) the attributes of a level of LAYOUT_TWEAKS."""
    return DotWriter(scene, font, dpi, tweaks).build()
