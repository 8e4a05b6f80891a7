"""HTML through jinja2 templates with autoescaping: the review page, and the site's pages.

Every page is one self-contained file: the stylesheet and the script are inlined, and a
Content-Security-Policy allows exactly those (by their SHA-256) and nothing from the network —
so a text that escaped escaping still could not run, and the page works offline.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import replace
from functools import lru_cache
from importlib import resources

import jinja2

from flowmap import __version__
from flowmap.flow.model import Flow
from flowmap.output.tables import SCOPES
from flowmap.review.page import Links, ReviewPage, review_page
from flowmap.rules.findings import Finding


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    return resources.files("flowmap.review").joinpath("static", name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@lru_cache(maxsize=None)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("flowmap.review", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(version=__version__, scopes=SCOPES)
    return env


def render_template(name: str, script: str | None = None, **context) -> str:
    """One page from a template, with the stylesheet (and a script) inlined and allowed by hash."""
    css = asset("review.css")
    return environment().get_template(name).render(
        css=css, csp_style=_csp_hash(css), js=script or "",
        csp_script=_csp_hash(script) if script else "'none'", **context)


def inline_svg(svg: bytes | str) -> str:
    """Graphviz's SVG without its XML prolog and DOCTYPE, ready to sit inside HTML."""
    text = svg.decode("utf-8") if isinstance(svg, bytes) else svg
    start = text.find("<svg")
    if start < 0:
        raise ValueError("not an SVG document")
    return text[start:]


def _script_data(page: ReviewPage) -> dict:
    """What the script needs: the SVG ids of each target's path, and which target a click on an
    SVG group selects (a step's arrows and note, a party's box, its safeguards and staff box)."""
    paths = {t.key: t.svg for t in page.targets + page.categories + page.items}
    clicks: dict[str, str] = {}
    for target in page.targets:
        if target.key.startswith("step-"):
            own = [i for i in target.svg if not i.startswith("party-")]
        else:
            party = target.key.removeprefix("party-")
            own = [f"party-{party}", f"safeguards-{party}", f"staff-{party}"]
        for svg_id in own:
            clicks.setdefault(svg_id, target.key)
    return {"paths": paths, "clicks": dict(sorted(clicks.items()))}


def _period(flow: Flow) -> str:
    period = flow.submission.period
    if period.text:
        return period.text
    if period.start or period.end:
        return f"{period.start or ''} 〜 {period.end or ''}"
    return ""


def _subjects(flow: Flow) -> str:
    subjects = flow.submission.subjects
    parts = [f"{subjects.count:,}人" if subjects.count is not None else "", subjects.description or "",
             f"({subjects.as_of})" if subjects.as_of else ""]
    return " ".join(p for p in parts if p)


def page_html(page: ReviewPage) -> str:
    numbers = {f.number: f for f in page.gaps + page.questions}
    return render_template("review.html", script=asset("review.js"), page=page, numbers=numbers,
                           data=_script_data(page), period=_period(page.flow), subjects=_subjects(page.flow))


def review_html(flow: Flow, findings: list[Finding] | None = None, font: str | None = None,
                file: str = "", links: Links | None = None) -> str:
    """The whole review page of a flow: the diagram (drawn with its findings) and everything
    around it. ``findings`` default to the analysis; ``links`` are the site's navigation."""
    from flowmap.render import style
    from flowmap.render.layout import lay_out_page
    from flowmap.render.scene import build_scene

    if findings is None:
        from flowmap.rules.analysis import analyse

        findings = analyse(flow)
    scene = build_scene(flow, findings)
    # One drawing, never split into paper pages (the browser pans and zooms). It keeps the
    # findings' marks on arrows and boxes but not their list under it: the page lists them.
    laid = lay_out_page(replace(scene, findings=[]), font or style.DEFAULT_FONT, pictures=("svg",))
    svg = inline_svg(laid.placed.pictures["svg"])
    page = review_page(flow, findings, svg, scene, file=file, links=links)
    return page_html(page)
