"""Kinds of hand-over (USB by hand, DVD-R by hand, paper, network, internet …) and the
safeguards that protect each step of a flow, so projects can be set side by side per kind.

A step's safeguards are its own, the flow-wide ones, those of the two parties it joins (and of
the owners their systems sit ``within``), and the checklist side of each party (ward /
contractor). Only the safeguards that matter for that kind of hand-over are kept: a locked bag
says nothing about a phone call.
"""

from __future__ import annotations

from dataclasses import dataclass

from flowmap.flow.defaults import effective_transport, governing
from flowmap.flow.profiles import Words
from flowmap.flow.model import Flow, FreeSafeguard, Party, Step
from flowmap.flow.vocabulary import (
    CLOSED_NETWORKS,
    OUTSIDE_PARTIES,
    SAFEGUARDS,
    WARD_SIDE,
    Medium,
    Transport,
)

_MEDIA_HAND = ("encrypt_data", "encrypted_medium", "password_separate", "locked_bag", "ledger",
               "face_to_face_handover", "staff_witness")
_NETWORK = ("closed_network", "encrypted_communication", "dedicated_device", "internet_separated")


@dataclass(frozen=True)
class EdgeKind:
    code: str
    label: str
    relevant: tuple[str, ...]   # safeguard codes that protect this kind of hand-over


EDGE_KINDS: dict[str, EdgeKind] = {k.code: k for k in [
    EdgeKind("usb_hand", "USBメモリ・手渡し", _MEDIA_HAND),
    EdgeKind("disc_hand", "DVD-R等・手渡し", _MEDIA_HAND),
    EdgeKind("media_other", "その他の電磁的媒体", _MEDIA_HAND + ("tracked_delivery", "sealed")),
    EdgeKind("paper_hand", "紙・手渡し", ("locked_bag", "ledger", "face_to_face_handover",
                                          "staff_witness", "sealed")),
    EdgeKind("paper_post", "紙・郵送・配達", ("sealed", "tracked_delivery")),
    EdgeKind("paper_other", "紙・運搬方法不明", ("locked_bag", "ledger", "face_to_face_handover",
                                                "staff_witness", "sealed", "tracked_delivery")),
    EdgeKind("network", "閉域網(L2WAN・LGWAN・専用線)", _NETWORK),
    EdgeKind("internet", "インターネット", _NETWORK + ("auto_delete_after_send",)),
    EdgeKind("network_other", "回線(種類不明)", _NETWORK),
    EdgeKind("phone", "電話", ("dedicated_device",)),
    EdgeKind("email", "電子メール", ("encrypt_data", "encrypted_medium", "password_separate",
                                      "encrypted_communication")),
    EdgeKind("file_service", "ファイル転送・オンラインストレージ", ("encrypt_data", "encrypted_communication",
                                                                 "password_separate", "transfer_expiry")),
    EdgeKind("device", "複合機・スキャナ・貸与タブレット", ("device_storage_erased", "auto_delete_after_send",
                                                              "encrypted_communication")),
]}

_HAND = {Transport.HAND_DELIVERY, Transport.COUNTER}
_POST = {Transport.POST, Transport.TRACKED_POST, Transport.MAILBOX, Transport.COURIER}
_DISCS = {Medium.DVD_R, Medium.CD_R}
_MEDIA = {Medium.USB, Medium.DVD_R, Medium.CD_R, Medium.HDD, Medium.FILE}


def edge_kind(step: Step, flow: Flow | None = None) -> EdgeKind | None:
    """The kind of hand-over a step is, or None for work inside one party or a step without items.
    With its ``flow``, a step that states no transport takes the one its hand-over defaults give
    (区の対策5: 電磁的媒体の授受は対面で → a USB step is a USB hand-over)."""
    transport = effective_transport(flow, step) if flow is not None else step.transport
    if not step.item_ids or step.at is not None or transport == Transport.IN_PLACE:
        return None
    medium = step.medium
    if medium == Medium.EMAIL:
        code = "email"
    elif medium in (Medium.FILE_TRANSFER, Medium.ONLINE_STORAGE):
        code = "file_service"
    elif medium in (Medium.SCANNER, Medium.MULTIFUNCTION_PRINTER, Medium.LENT_TABLET):
        code = "device"
    elif medium == Medium.INTERNET or transport == Transport.WEB:
        code = "internet"
    elif medium in CLOSED_NETWORKS:
        code = "network"
    elif medium == Medium.USB and transport in _HAND:
        code = "usb_hand"
    elif medium in _DISCS and transport in _HAND:
        code = "disc_hand"
    elif medium in _MEDIA:
        code = "media_other"
    elif medium == Medium.MAIL_ITEM or (medium == Medium.PAPER and transport in _POST):
        code = "paper_post"
    elif medium == Medium.PAPER:
        code = "paper_hand" if transport in _HAND else "paper_other"
    elif medium == Medium.PHONE or transport == Transport.PHONE:
        code = "phone"
    elif transport == Transport.NETWORK:
        code = "network_other"
    else:
        return None
    return EDGE_KINDS[code]


def safeguard_key(ref: str | FreeSafeguard) -> str:
    return ref.text if isinstance(ref, FreeSafeguard) else ref


def safeguard_label(key: str, words: Words) -> str:
    """The Japanese label of a safeguard code, in the municipality's words; free text is its own label."""
    return words.safeguard(key) if key in SAFEGUARDS else key


def _party_chain(flow: Flow, party_id: str) -> list[Party]:
    """The party and the owners it sits within (a system within the ward, a PC within a contractor)."""
    chain, seen = [], set()
    ids = {p.id for p in flow.parties}
    while party_id in ids and party_id not in seen:
        seen.add(party_id)
        party = flow.party(party_id)
        chain.append(party)
        party_id = party.within or ""
    return chain


def step_safeguards(flow: Flow, step: Step) -> frozenset[str]:
    """Every safeguard that holds on a step, as codes (free text for the step's own free entries)."""
    found = {safeguard_key(s) for s in step.safeguards}
    found.update(s for s in flow.safeguards if isinstance(s, str))
    for default in governing(flow, step):  # the submission's general measures for this hand-over
        found.update(s for s in default.safeguards if isinstance(s, str))
    for end in {step.source, step.target}:
        for party in _party_chain(flow, end):
            found.update(s for s in party.safeguards if isinstance(s, str))
            if flow.checklist is not None:
                side = (flow.checklist.ward if party.kind in WARD_SIDE
                        else flow.checklist.contractor if party.kind in OUTSIDE_PARTIES else None)
                if side is not None:
                    found.update(side.applied)
    return frozenset(found)


def edge_safeguards(flow: Flow, step: Step, kind: EdgeKind) -> frozenset[str]:
    """The safeguards on a step that matter for its kind of hand-over, plus its own free text."""
    every = step_safeguards(flow, step)
    own_free = {s.text for s in step.safeguards if isinstance(s, FreeSafeguard)}
    return frozenset(s for s in every if s in kind.relevant) | own_free
