"""`flowmap site`: a static site of many flows — index, one review page per flow, the
cross-project views of `flowmap compare`, and a diff page for each flow that amends another.

Everything one flow contributes (its page, its index row, its share of each comparison) is
computed once per flow in a worker (``site_entry``) and kept in the cache keyed by the flow's
bytes, so a rebuild after one change redoes one flow and then only assembles. The navigation
that depends on other flows (amended by …) is spliced into the cached page at assembly. Output
is deterministic: the same flows give the same bytes, and unchanged files are not rewritten.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from flowmap.compare.overview import (
    Section, edge_table, edge_uses, follow_item, follow_party, holdings_matrix, merge_sections, summary,
)
from flowmap.compare.table import cell
from flowmap.flow.cache import Cache, cached_map
from flowmap.flow.loading import flow_files, load_flow
from flowmap.flow.model import Flow
from flowmap.flow.profiles import Words, profile_of
from flowmap.flow.vocabulary import PartyKind
from flowmap.flow.yamlread import FlowError
from flowmap.output.atomic import write_atomic
from flowmap.review.html import render_template, review_html
from flowmap.review.page import Link, Links, severity_counts

ITEM_VIEWS = ("マイナンバー", "健康")      # categories followed across projects on the comparison page
EMPTY_NAV = '<nav class="site"></nav>'   # where a cached page gets its site navigation


@dataclass
class Entry:
    """What the site keeps of one flow."""

    file: str
    stem: str
    flow_id: str
    title: str
    reference: str
    department: str
    date: str
    period: str
    amends: str | None                    # submission id of the flow it amends
    amends_approval: str
    contractors: list[str]
    counts: dict[str, int]                # open findings per severity label
    questions: int
    page: str                             # the review page, with EMPTY_NAV
    sections: dict[str, Section] = field(default_factory=dict)
    edges: dict = field(default_factory=dict)
    words: Words | None = None            # of the profile the flow is read under
    parties: dict[str, Section] = field(default_factory=dict)   # outside party name → its rows


def _period(flow: Flow) -> str:
    period = flow.submission.period
    if period.start or period.end:
        return f"{period.start or ''}〜{period.end or ''}"
    return period.text or ""


def site_entry(flow: Flow) -> Entry:
    """Everything one flow contributes to the site (runs in a worker process)."""
    from flowmap.rules.analysis import analyse

    findings = analyse(flow)
    sub = flow.submission
    outside = [p for p in flow.parties if p.kind in (PartyKind.CONTRACTOR, PartyKind.SUBCONTRACTOR)]
    sections = {"summary": summary([flow], lambda f: findings), "holdings": holdings_matrix([flow])}
    sections.update({f"item-{q}": follow_item([flow], q) for q in ITEM_VIEWS})
    parties = {}
    for party in outside:
        rows = follow_party([flow], party.name)
        parties[party.name] = Section(rows.code, rows.title, rows.columns,
                                      tuple(r for r in rows.rows if r["party"] == party.name), ())
    return Entry(
        file=flow.source, stem=Path(flow.source).stem, flow_id=sub.id, title=sub.title,
        reference=sub.diagram_ref or "", department=sub.department, date=str(sub.date or ""),
        period=_period(flow), amends=sub.amends.flow if sub.amends else None,
        amends_approval=sub.amends.approval if sub.amends else "",
        contractors=[p.name for p in outside], counts=severity_counts(findings),
        questions=sum(1 for f in findings if f.question and not f.accepted),
        page=review_html(flow, findings, file=flow.source), sections=sections,
        edges=edge_uses(flow), words=profile_of(flow).words, parties=parties,
    )


def href(folder: str, stem: str, up: bool = False) -> str:
    """A relative link flowmap made: never a scheme, whatever the file is called."""
    return ("../" if up else "./") + (f"{folder}/" if folder else "") + quote(stem, safe="") + ".html"


@dataclass
class Site:
    entries: list[Entry]
    errors: list[FlowError]
    pages: dict[str, str]                  # path inside the site → HTML
    written: list[str]                     # the paths whose bytes changed
    removed: list[str] = field(default_factory=list)   # pages of an earlier build not made now


def _diff_page(old: Entry, new: Entry, cache: Cache | None) -> str:
    from flowmap.compare.diff import SECTIONS, diff_flows
    from flowmap.compare.diff_output import KIND_LABELS, SECTION_LABELS, describe

    key = None
    if cache is not None:
        data = Path(old.file).read_bytes() + b"\0" + Path(new.file).read_bytes()
        key = cache.key("diff", f"{old.file}\0{new.file}", data)
        hit, page = cache.get("diff", key)
        if hit:
            return page
    diff = diff_flows(load_flow(old.file), load_flow(new.file))
    sections = [(SECTION_LABELS[s], [(KIND_LABELS[c.kind], c.kind, c.subject, describe(c)) for c in diff.changes
                                     if c.section == s]) for s in SECTIONS]
    page = render_template("diff.html", diff=diff, sections=[s for s in sections if s[1]],
                           old=Link(old.title, href("flows", old.stem, up=True)),
                           new=Link(new.title, href("flows", new.stem, up=True)))
    if cache is not None:
        cache.put("diff", key, page)
    return page


def _compare_page(entries: list[Entry]) -> str:
    if not entries:   # no flow could be read: the page says so instead of comparing nothing
        return render_template("compare.html", sections=[], shared=[], count=0)
    sections = [merge_sections([e.sections["summary"] for e in entries]),
                merge_sections([e.sections["holdings"] for e in entries])]
    sections += [merge_sections([e.sections[f"item-{q}"] for e in entries]) for q in ITEM_VIEWS]
    sections.append(edge_table([(e.flow_id, e.words, e.edges) for e in entries]))
    appearances: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        for name in dict.fromkeys(entry.contractors):
            appearances[name].append(entry)
    shared = sorted(name for name, found in appearances.items() if len(found) > 1)
    sections += [merge_sections([e.parties[name] for e in appearances[name]]) for name in shared]
    return render_template("compare.html", sections=[_cells(s) for s in sections], shared=shared, count=len(entries))


def _cells(section: Section) -> dict:
    """A section as the page shows it: headers and rows of cell texts (lists joined as the
    text table joins them), computed here rather than cell by cell in the template."""
    return {"title": section.title, "headers": [head for _, head in section.columns],
            "rows": [[cell(row.get(key)) for key, _ in section.columns] for row in section.rows],
            "notes": section.notes}


def assemble(entries: list[Entry], cache: Cache | None) -> dict[str, str]:
    """Every page of the site, by its path inside the site."""
    by_id: dict[str, Entry] = {}
    for entry in entries:
        by_id.setdefault(entry.flow_id, entry)
    amended_by: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        if entry.amends in by_id and by_id[entry.amends] is not entry:
            amended_by[entry.amends].append(entry)
    pages: dict[str, str] = {}
    for entry in entries:
        old = by_id.get(entry.amends) if entry.amends else None
        links = Links(index="../index.html", compare="../compare.html",
                      amends=Link(old.title, href("", old.stem)) if old and old is not entry else None,
                      diff=href("diff", entry.stem, up=True) if old and old is not entry else "",
                      amended_by=[Link(e.title, href("", e.stem)) for e in amended_by.get(entry.flow_id, [])])
        nav = render_template("nav.html", links=links).strip()
        pages[f"flows/{entry.stem}.html"] = entry.page.replace(EMPTY_NAV, nav, 1)
        if links.diff:
            pages[f"diff/{entry.stem}.html"] = _diff_page(old, entry, cache)
    rows = []
    for entry in entries:
        old = by_id.get(entry.amends) if entry.amends else None
        rows.append({"entry": entry, "page": href("flows", entry.stem),
                     "amends": Link(old.title, href("flows", old.stem)) if old and old is not entry else None,
                     "diff": href("diff", entry.stem) if old and old is not entry else "",
                     "amended_by": [Link(e.title, href("flows", e.stem)) for e in amended_by.get(entry.flow_id, [])]})
    pages["index.html"] = render_template("index.html", rows=rows)
    pages["compare.html"] = _compare_page(entries)
    return pages


def write_changed(out: Path, pages: dict[str, str]) -> list[str]:
    """Write the pages whose bytes differ from what is there (each atomically)."""
    written = []
    for name in sorted(pages):
        data = pages[name].encode("utf-8")
        path = out / name
        try:
            if path.read_bytes() == data:
                continue
        except OSError:
            pass
        write_atomic(path, data)
        written.append(name)
    return written


GENERATED_FOLDERS = ("flows", "diff")   # folders that hold only the site's own pages


def remove_stale(out: Path, pages: dict[str, str]) -> list[str]:
    """The pages of an earlier build that this one did not make (a flow removed, renamed or now
    invalid, an amendment link gone): left behind, they would still open from bookmarks as if
    current. Only ``*.html`` in the site's own folders is touched."""
    removed = []
    for folder in GENERATED_FOLDERS:
        for path in sorted((out / folder).glob("*.html")):
            name = f"{folder}/{path.name}"
            if name not in pages:
                path.unlink(missing_ok=True)
                removed.append(name)
    return removed


def build_site(paths, out: str | Path, cache: Cache | None = None, jobs: int | None = None,
               executor=None) -> Site:
    """Build (or bring up to date) the site of the flows in ``paths`` in folder ``out``."""
    files = flow_files(paths)
    entries, errors = [], []
    for _, result in cached_map(files, site_entry, "site", cache, jobs, executor):
        (errors if isinstance(result, FlowError) else entries).append(result)
    pages = assemble(entries, cache)
    written = write_changed(Path(out), pages)
    return Site(entries, errors, pages, written, remove_stale(Path(out), pages))
