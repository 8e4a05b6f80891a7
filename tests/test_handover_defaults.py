"""Hand-over defaults: the submission's general measures, written once, govern the hand-overs of
their kind (by medium and parties) — never a collection from or delivery to the data subjects —
and the findings say where an inherited transport or safeguard came from."""

from __future__ import annotations

import pytest

from flowmap.flow.loading import FlowError
from flowmap.flow.vocabulary import Transport
from flowmap.rules.analysis import analyse
from flowmap.rules.context import Context
from rulecases import patched_flow

MEASURE_5 = {"source": "区の対策5", "text": "電磁的媒体の授受は、必ず区職員及び委託先業者が対面で行う。",
             "media": ["electronic"], "between": ["ward", "contractor"], "transport": "hand_delivery",
             "safeguards": ["face_to_face_handover"]}
USB_NO_TRANSPORT = {"no": "②", "label": "提供", "kind": "provide", "from": "ward", "to": "contractor",
                    "items": ["氏名", "住所"], "medium": "usb"}


def test_a_governed_step_inherits_transport_and_safeguards(tmp_path):
    flow = patched_flow({"handover_defaults": [MEASURE_5], "steps": [USB_NO_TRANSPORT]}, tmp_path)
    ctx = Context(flow)
    step = next(s for s in flow.steps if s.no == "②")
    assert ctx.transport(step) == Transport.HAND_DELIVERY
    assert ctx.step_safeguards(step)["face_to_face_handover"] == "受渡しの既定(区の対策5)"
    (finding,) = [f for f in analyse(flow) if f.step == "②"]
    assert finding.code == "FM100" and "受渡しの既定(区の対策5)" in finding.message
    assert not [f for f in analyse(flow) if f.code == "FM108"]


def test_what_the_step_states_wins(tmp_path):
    posted = {**USB_NO_TRANSPORT, "transport": "tracked_post"}
    flow = patched_flow({"handover_defaults": [MEASURE_5], "steps": [posted]}, tmp_path)
    assert Context(flow).transport(flow.steps[1]) == Transport.TRACKED_POST


@pytest.mark.parametrize("change", [
    {"medium": "paper"},                                   # another medium
    {"from": "residents", "kind": "collect"},              # a resident's own data: collection
])
def test_a_default_governs_only_its_kind_of_hand_over(change, tmp_path):
    step = {**USB_NO_TRANSPORT, **change}
    flow = patched_flow({"handover_defaults": [MEASURE_5], "steps": [step]}, tmp_path)
    ctx = Context(flow)
    assert ctx.defaults_for(flow.steps[1]) == () and ctx.transport(flow.steps[1]) == Transport.UNKNOWN


def test_between_names_parties_that_exist(tmp_path):
    bad = {**MEASURE_5, "between": ["ward", "contracter"]}
    with pytest.raises(FlowError) as caught:
        patched_flow({"handover_defaults": [bad]}, tmp_path)
    assert any("contracter" in p.message and "contractor" in p.message for p in caught.value.problems)


def test_the_diagram_draws_an_inherited_transport(tmp_path):
    from flowmap.render.scene import build_scene

    flow = patched_flow({"handover_defaults": [MEASURE_5], "steps": [USB_NO_TRANSPORT]}, tmp_path)
    view = next(v for v in build_scene(flow).steps if v.number == "②")
    assert view.medium == "(USBメモリ・手渡し)"


def test_the_comparison_counts_a_defaults_safeguards(tmp_path):
    from flowmap.compare.edges import step_safeguards

    flow = patched_flow({"handover_defaults": [MEASURE_5], "steps": [USB_NO_TRANSPORT]}, tmp_path)
    assert "face_to_face_handover" in step_safeguards(flow, flow.steps[1])


def test_the_comparison_files_a_governed_step_under_its_inherited_transport(tmp_path):
    """A USB step that states no transport, governed by 区の対策5 (対面で), is a USB hand-over by
    hand in the comparison, as in the diagram — not "other electronic media"."""
    from flowmap.compare.edges import edge_kind
    from flowmap.compare.overview import edge_uses

    flow = patched_flow({"handover_defaults": [MEASURE_5], "steps": [USB_NO_TRANSPORT]}, tmp_path)
    step = next(s for s in flow.steps if s.no == "②")
    assert edge_kind(step).code == "media_other" and edge_kind(step, flow).code == "usb_hand"
    assert "②" in edge_uses(flow)["usb_hand"][0]
    without = patched_flow({"steps": [USB_NO_TRANSPORT]}, tmp_path)
    assert "②" in edge_uses(without)["media_other"][0]
