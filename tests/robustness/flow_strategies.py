"""Hypothesis strategies: valid flow dicts, their YAML text, and mutations of that text.

Valid by construction: unique ids and labels, references only to what exists, step numbers
from the circled scheme, codes from the vocabularies. Free text is drawn from all of Unicode
(bar surrogates) so quoting, escapes and odd characters reach the loader.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import json
import re

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from flowmap.flow.model import CIRCLED, PRIMES
from flowmap.flow.vocabulary import (
    SAFEGUARDS,
    Approval,
    Certification,
    Country,
    EraseMethod,
    Frequency,
    ItemCategory,
    Medium,
    Proof,
    Site,
    StepKind,
    Transport,
)

# "default" keeps the suite fast (100 cases a test); HYPOTHESIS_PROFILE=deep runs 2,000 a
# test, by hand, to hunt for new failures. (Here, not in a conftest.py: the suite's own
# conftest is imported by name, and a second one would shadow it.)
settings.register_profile("robust", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("deep", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PROFILE = settings.get_profile("deep" if os.environ.get("HYPOTHESIS_PROFILE") == "deep" else "robust")

ID = st.from_regex(r"[a-z0-9][a-z0-9_\-]{0,12}", fullmatch=True)
# any character a flow may hold (flowmap.flow.text: no controls but tab and line feed, no
# surrogates, noncharacters, separators or direction marks); Text has min_length 1
TEXT = st.text(st.characters(exclude_categories=["Cs", "Cc", "Cn"], include_characters="\t\n",
                             exclude_characters="\ufeff\u2028\u2029\u202a\u202b\u202c\u202d\u202e"
                                                "\u2066\u2067\u2068\u2069"), min_size=1, max_size=30)
# what a flow may not hold: each must be refused with its place, whichever parser read it
REFUSED_CHAR = st.one_of(st.characters(categories=["Cc", "Cs"], exclude_characters="\t\n"),
                         st.sampled_from(["\ufeff", "\u2028", "\u2029", "\u202e", "\u2066", "\ufffe", "\uffff",
                                          "\ufdd0", "\U0010ffff", "\x85"]))
ODD = st.sampled_from(["①", "②''", "２", "⑩", "TODO 確認", "yes", "no", "null", "~", "0x1F", "1e3",
                       "2024-02-30", "- x", "a: b", "#", "&a", "*a", "!t", "'", '"', "\t", "｜", "〜"])
LABEL = st.one_of(TEXT, ODD, st.from_regex(r"[一-龥ぁ-んァ-ン]{1,12}", fullmatch=True))


def _enum(cls) -> st.SearchStrategy[str]:
    return st.sampled_from([m.value for m in cls])


SAFEGUARD = st.one_of(st.sampled_from(sorted(SAFEGUARDS)), st.builds(lambda t: {"text": t}, TEXT))


def _number(index: int, prime_chars: str) -> str:
    """The index-th number of the circled scheme; primes may be any of ' ′ ’."""
    level = index // 20
    return CIRCLED[index % 20] + "".join(prime_chars[(index + k) % len(prime_chars)] for k in range(level))


@st.composite
def flow_dicts(draw, max_steps: int = 25) -> dict:
    """A valid flow as plain data."""
    prefix = draw(ID)
    n_items = draw(st.integers(1, 12))
    labels = draw(st.lists(LABEL, min_size=n_items, max_size=n_items, unique=True))
    items = [{"id": f"{prefix}-i{k}", "label": label, "category": draw(_enum(ItemCategory))}
             for k, label in enumerate(labels)]
    names = [i["id"] for i in items] + [i["label"] for i in items]
    refs = st.lists(st.sampled_from(names), max_size=5)
    groups = [{"id": f"g{k}", "label": f"group {k} {draw(TEXT)}", "items": draw(st.lists(st.sampled_from(names), min_size=1, max_size=4))}
              for k in range(draw(st.integers(0, 3)))]
    names += [g["id"] for g in groups]
    refs = st.lists(st.sampled_from(names), max_size=5)

    parties = [{"id": "ward", "name": draw(LABEL), "kind": "ward",
                "location": {"site": draw(_enum(Site)), "country": draw(_enum(Country))}}]
    for k in range(draw(st.integers(0, 2))):
        parties.append({"id": f"sys{k}", "name": draw(LABEL), "kind": "system", "within": "ward"})
    contractors = []
    for c in range(draw(st.integers(0, 3))):
        contractor = {
            "id": f"c{c}", "name": draw(LABEL), "kind": "contractor",
            "certifications": draw(st.lists(_enum(Certification), max_size=2, unique=True)),
            "safeguards": draw(st.lists(SAFEGUARD, max_size=4)),
            "tasks": [{"id": f"t{t}", "label": draw(LABEL), "needs": draw(refs), "produces": draw(refs)}
                      for t in range(draw(st.integers(0, 3)))],
        }
        if draw(st.booleans()):
            contractor["clauses"] = "shinjuku-2023-31"
        parties.append(contractor)
        contractors.append(contractor["id"])
        for s in range(draw(st.integers(0, 3))):
            parties.append({"id": f"c{c}-s{s}", "name": draw(LABEL), "kind": "subcontractor",
                            "serves": contractor["id"], "approval": draw(_enum(Approval))})
    if draw(st.booleans()):
        parties.append({"id": "post", "name": draw(LABEL), "kind": "carrier"})
    parties.append({"id": "residents", "name": draw(LABEL), "kind": "subjects"})
    ids = [p["id"] for p in parties]
    carriers = [p["id"] for p in parties if p["kind"] == "carrier"]

    steps = []
    primes = draw(st.sampled_from(["'", PRIMES]))
    for index in range(draw(st.integers(0, max_steps))):
        step = {"no": _number(index, primes), "label": draw(LABEL), "kind": draw(_enum(StepKind)),
                "items": draw(refs), "medium": draw(_enum(Medium)), "transport": draw(_enum(Transport)),
                "frequency": draw(_enum(Frequency)), "safeguards": draw(st.lists(SAFEGUARD, max_size=3))}
        if draw(st.booleans()):
            step["at"] = draw(st.sampled_from(ids))
        else:
            step["from"], step["to"] = draw(st.sampled_from(ids)), draw(st.sampled_from(ids))
            if carriers and draw(st.booleans()):
                step["via"] = carriers[0]
        if step["medium"] == "other":
            step["medium_text"] = draw(LABEL)  # a medium in words needs its words
        if step["kind"] == "erase":
            step["method"], step["proof"] = draw(_enum(EraseMethod)), draw(_enum(Proof))
        if draw(st.booleans()):
            step["note"] = draw(LABEL)
        steps.append(step)

    start = draw(st.dates(dt.date(2000, 1, 1), dt.date(2040, 1, 1)))
    flow = {
        "submission": {
            "id": prefix, "title": draw(LABEL), "department": draw(LABEL),
            "subjects": {"count": draw(st.integers(0, 10**7))},
            "period": {"start": start, "end": start + dt.timedelta(days=draw(st.integers(0, 900)))},
        },
        "parties": parties, "items": items, "groups": groups, "steps": steps,
        "safeguards": draw(st.lists(SAFEGUARD, max_size=3)),
    }
    if draw(st.booleans()):
        flow["checklist"] = {"ward": {"applied": draw(st.lists(st.sampled_from(sorted(SAFEGUARDS)), max_size=5))}}
    if draw(st.booleans()):
        flow["notes"] = draw(st.lists(LABEL, min_size=1, max_size=3))
    return flow


def dump(flow: dict, flow_style: bool | None = False) -> str:
    """YAML text of ``flow``; JSON (also YAML) when ruamel's emitter does not round-trip it.

    ruamel's emitter writes some exotic strings as plain scalars it cannot read back (a '?'
    followed by a private-use character in a flow list, wrapped lines that lose a space): that
    is the emitter's fault, not the loader's, so such flows are written as JSON instead."""
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = flow_style
    yaml.allow_unicode = True
    yaml.width = 80
    out = io.StringIO()
    yaml.dump(flow, out)
    text = out.getvalue()
    try:
        if YAML(typ="safe", pure=True).load(text) == flow:
            return text
    except Exception:  # noqa: BLE001 - any failure to read back means "use JSON"
        pass
    text = json.dumps(flow, ensure_ascii=False, indent=1, default=str)
    # YAML allows fewer raw characters than JSON: escape C1 controls, NEL, LS, PS, non-characters
    return _NOT_PRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


_NOT_PRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")  # and the 1.1 line breaks


@st.composite
def flow_files(draw, max_steps: int = 25) -> tuple[dict, bytes]:
    """A valid flow and the bytes of a file holding it: block or flow style, maybe BOM, CRLF."""
    flow = draw(flow_dicts(max_steps))
    text = dump(flow, draw(st.sampled_from([False, None, True])))
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    return flow, data
