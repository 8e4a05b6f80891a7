"""Property test: any valid flow, however odd, is analysed without an exception, and the result is
sorted, located and stable (the same findings and ids on a second run)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flowmap.rules.analysis import analyse
from flowmap.flow.loading import FlowError, load_flow
from flowmap.flow.model import CIRCLED
from flowmap.flow.vocabulary import Frequency, Medium, StepKind, Transport

KINDS = ["ward", "ward_department", "contractor", "subcontractor", "external", "carrier", "subjects"]
ITEMS = [{"id": f"i{n}", "label": label, "category": cat} for n, (label, cat) in enumerate(
    [("氏名", "basic"), ("住所", "basic"), ("電話番号", "contact"), ("マイナンバー", "my_number"),
     ("予診の回答", "health"), ("相談内容", "free_text")])]


@st.composite
def flows(draw):
    kinds = draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=5))
    parties = [{"id": "ward", "name": "区", "kind": "ward"}]
    for n, kind in enumerate(kinds):
        party = {"id": f"p{n}", "name": f"当事者{n}", "kind": kind}
        if kind == "subcontractor":
            party["serves"] = "ward-contractor"
        if kind in ("contractor", "subcontractor") and draw(st.booleans()):
            party["clauses"] = draw(st.sampled_from(["shinjuku-2023-31", "shinjuku-old-21", "national-tei-11"]))
        if kind in ("contractor", "subcontractor") and draw(st.booleans()):
            party["tasks"] = [{"id": "t", "label": "業務", "needs": draw(st.lists(st.sampled_from(["氏名", "住所", "電話番号"]), max_size=3)),
                               "copies_documents": draw(st.booleans())}]
        parties.append(party)
    parties.append({"id": "ward-contractor", "name": "委託先", "kind": "contractor"})
    parties.append({"id": "pc", "name": "委託先PC", "kind": "system", "within": "ward-contractor"})
    ids = [p["id"] for p in parties]
    numbers = draw(st.lists(st.integers(0, 15), min_size=0, max_size=8, unique=True))
    steps = []
    for n in numbers:
        kind = draw(st.sampled_from([k.value for k in StepKind]))
        step = {"no": CIRCLED[n], "label": f"手順{n}", "kind": kind,
                "items": draw(st.lists(st.sampled_from([i["label"] for i in ITEMS]), max_size=3, unique=True)),
                "medium": draw(st.sampled_from([m.value for m in Medium])),
                "transport": draw(st.sampled_from([t.value for t in Transport])),
                "frequency": draw(st.sampled_from([f.value for f in Frequency])),
                "safeguards": draw(st.lists(st.sampled_from(["encrypted_medium", "locked_bag", "ledger", "dummy_data_only"]),
                                            max_size=2, unique=True))}
        if draw(st.booleans()):
            step["at"] = draw(st.sampled_from(ids))
        else:
            step["from"], step["to"] = draw(st.sampled_from(ids)), draw(st.sampled_from(ids))
        steps.append(step)
    return {"submission": {"id": "prop", "title": "性質", "department": "例"}, "parties": parties,
            "items": ITEMS, "steps": steps}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(flows())
def test_any_valid_flow_is_analysed(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "prop.yaml"
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        try:
            flow = load_flow(path)
        except FlowError:
            return  # an invalid combination: the loader's business, not the analysis's
        first = analyse(flow)
        assert first == sorted(first)
        assert all(f.line > 0 and f.message and f.fix and f.basis for f in first)
        assert [f.id for f in analyse(flow)] == [f.id for f in first]
