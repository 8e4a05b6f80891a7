"""The review pages in a real browser: Debian's headless Chromium over the DevTools protocol.

Each seed's page and the site's index open without a console error; clicking a finding
highlights its arrow; the category filter lists who holds マイナンバー; hostile text does not run.
Screenshots go to the test's temporary folder (FLOWMAP_SCREENSHOTS=DIR keeps them).
"""

from __future__ import annotations

import base64
import os
import re
from pathlib import Path

import pytest

from browser import Browser
from conftest import FLOWS
from review_helpers import HOSTILE, hostile_flow

from flowmap.compare.overview import follow_item
from flowmap.flow.cache import Cache
from flowmap.flow.loading import flow_files, load_flow
from flowmap.output.atomic import write_atomic
from flowmap.render.scene import step_key
from flowmap.review.html import review_html
from flowmap.review.site import build_site
from flowmap.rules.analysis import analyse

pytestmark = pytest.mark.slow   # still run by default: scripts/setup.sh installs chromium


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pages")
    for file in flow_files([FLOWS]):
        write_atomic(out / f"{file.stem}.html", review_html(load_flow(file)))
    return out


@pytest.fixture(scope="module")
def browser():
    with Browser() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("FLOWMAP_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return Path(folder)
    return tmp_path_factory.mktemp("screenshots")


@pytest.mark.parametrize("stem", [f.stem for f in flow_files([FLOWS])])
def test_each_seed_page_opens_without_errors(browser, pages, shots, stem):
    start = len(browser.events)
    browser.open(pages / f"{stem}.html")
    assert browser.evaluate("document.querySelectorAll('#viewport svg g.edge').length") > 0
    browser.screenshot(shots / f"{stem}.png")
    assert [p for p in _problems(browser, start)] == []


def _problems(browser: Browser, start: int) -> list[str]:
    browser.events, before = browser.events[start:], browser.events[:start]
    try:
        return browser.problems()
    finally:
        browser.events = before + browser.events


def test_clicking_a_finding_highlights_its_arrow(browser, pages):
    flow = load_flow(FLOWS / "004-covid-vaccine.yaml")
    steps = {s.no: s for s in flow.steps}
    finding = next(f for f in analyse(flow) if f.step in steps and steps[f.step].source != steps[f.step].target)
    arrow = f"step-{step_key(steps[finding.step])}"
    start = len(browser.events)
    browser.open(pages / "004-covid-vaccine.html")
    assert browser.evaluate(f"document.getElementById('{arrow}').classList.contains('hl')") is False
    number = browser.evaluate(
        f"Array.from(document.querySelectorAll('li.finding')).find(li => li.querySelector('.id').textContent.startsWith('{finding.id}')).id")
    browser.click(f"#{number} button.show")
    assert browser.evaluate(f"document.getElementById('{arrow}').classList.contains('hl')") is True
    assert browser.evaluate(f"document.getElementById('{number}').classList.contains('active')") is True
    shown = browser.evaluate("Array.from(document.querySelectorAll('section.detail')).filter(s => !s.hidden).map(s => s.id)")
    assert shown == [f"detail-{arrow}"]
    assert _problems(browser, start) == []


def test_clicking_an_arrow_in_the_diagram_shows_its_step(browser, pages):
    flow = load_flow(FLOWS / "001-keitai-toilet.yaml")
    step = next(s for s in flow.steps if s.no == "②")
    browser.open(pages / "001-keitai-toilet.html")
    arrow = f"step-{step_key(step)}"
    # the middle of the arrow's label text, where a person would click
    point = browser.evaluate(
        f"(() => {{ const r = document.querySelector('#{arrow} text').getBoundingClientRect();"
        " return [r.left + r.width / 2, r.top + r.height / 2]; })()")
    browser.click_at(*point)
    assert browser.evaluate(f"document.getElementById('{arrow}').classList.contains('hl')") is True
    title = browser.evaluate(f"document.querySelector('#detail-{arrow} h2').textContent")
    assert title.startswith("②") and step.label[:6] in title


def test_the_item_filter_lists_who_holds_my_number(browser, pages, shots):
    flow = load_flow(FLOWS / "004-covid-vaccine.yaml")
    expected = sorted({row["party"] for row in follow_item([flow], "マイナンバー").rows})
    assert len(expected) >= 2
    start = len(browser.events)
    browser.open(pages / "004-covid-vaccine.html")
    browser.evaluate("(() => { const f = document.getElementById('filter'); f.value = 'category-my_number';"
                     " f.dispatchEvent(new Event('change')); })()")
    holders = browser.evaluate(
        "Array.from(document.querySelectorAll('section.detail:not([hidden]) td.holder')).map(td => td.textContent)")
    assert sorted(holders) == expected
    highlighted = browser.evaluate("Array.from(document.querySelectorAll('#viewport .hl')).map(g => g.id)")
    party_ids = {p.id for p in flow.parties if p.name in expected}
    assert {f"party-{pid}" for pid in party_ids} <= set(highlighted)
    browser.screenshot(shots / "004-filter-my-number.png")
    assert _problems(browser, start) == []


def test_hostile_labels_do_not_run(browser, tmp_path, shots):
    flow = load_flow(hostile_flow(FLOWS / "001-keitai-toilet.yaml", tmp_path / "hostile.yaml"))
    flow.items[0].label = HOSTILE[0]
    page = tmp_path / "hostile.html"
    write_atomic(page, review_html(flow))
    start = len(browser.events)
    browser.open(page)
    # click around so that any handler hidden in a label would fire
    browser.click("li.finding button.show")
    browser.evaluate("(() => { const f = document.getElementById('filter'); f.value = f.options[2].value;"
                     " f.dispatchEvent(new Event('change')); })()")
    assert browser.evaluate("typeof window.__pwned") == "undefined"
    assert browser.evaluate("document.querySelectorAll('img').length") == 0
    assert "<script>window.__pwned=1</script>" in browser.evaluate("document.body.innerText")
    browser.screenshot(shots / "hostile.png")
    assert _problems(browser, start) == []


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    build_site([FLOWS], out, Cache(None), jobs=1)
    return out


def test_the_site_opens_without_errors_and_its_links_lead_to_the_pages(browser, site, shots):
    for name in ("index.html", "compare.html", "diff/002-kyuuji-after.html"):
        start = len(browser.events)
        browser.open(site / name)
        browser.screenshot(shots / ("site-" + name.replace("/", "-").replace(".html", ".png")))
        assert _problems(browser, start) == [], name
    browser.open(site / "index.html")
    links = browser.evaluate("Array.from(document.querySelectorAll('a')).map(a => a.href)")
    assert links and all(link.startswith("file://") for link in links)
    first = sorted(FLOWS.glob("*.yaml"))[0]
    since = len(browser.events)
    browser.click("table.index tbody td a")
    browser.wait_for("Page.loadEventFired", since)
    assert browser.evaluate("location.pathname").endswith(f"/flows/{first.stem}.html")
    assert browser.evaluate("document.querySelector('h1').textContent") == load_flow(first).submission.title


def test_the_page_prints_on_a3_landscape(browser, pages, tmp_path):
    browser.open(pages / "001-keitai-toilet.html")
    pdf = base64.b64decode(browser.send("Page.printToPDF", preferCSSPageSize=True, printBackground=True)["data"])
    (tmp_path / "001.pdf").write_bytes(pdf)
    width, height = map(float, re.search(rb"/MediaBox\s*\[([^\]]*)\]", pdf).group(1).split()[2:4])
    assert abs(width - 1190.55) < 2 and abs(height - 841.89) < 2      # A3 landscape, in points
