"""The draft's steps from the diagram's words (seed 001): who, what, how, how often.

``StepBuilder`` works on the parties and items the builder has already read; what the words
leave open (a step without a verb, a transfer without items) is marked TODO through the builder.
"""

from __future__ import annotations

import re

from flowmap.importer.safeguards import codes_for, map_safeguards
from flowmap.importer.text import clip, tight
from flowmap.flow.model import parse_step_number


MAX_NUMBER_TEXT = 40  # "③③'" is one step's number; forty characters already name a dozen steps


class StepBuilder:
    def __init__(self, builder):
        self.b = builder

    def steps(self) -> list[dict]:
        diagram = self.b.diagram
        if not diagram.steps:
            if self.b.doc.tables:
                self.b.note_todo("steps", "図(個人情報の流れ)の文字がないため手順を作成していません")
            return []
        for box in diagram.boxes:
            holder = self.b._last_contractor()
            if holder is not None:
                for safeguard in map_safeguards(box):
                    if safeguard not in holder.setdefault("safeguards", []):
                        holder["safeguards"].append(safeguard)
        steps, seen = [], set()
        for step in diagram.steps:
            numbers = set(parse_step_number(step.no))
            if len(step.no) > MAX_NUMBER_TEXT:  # a run of circled numbers is not one step's number
                self.b.note_todo(f"steps {step.no[:20]}…", "手順番号が長すぎるため省きました。図を確認してください")
                continue
            if numbers & seen:
                self.b.note_todo(f"steps {step.no}", "手順番号が他の手順と重なるため省きました。図を確認してください")
                continue
            seen |= numbers
            steps.append(self.step(step))
        return sorted(steps, key=lambda s: parse_step_number(s["no"]))

    def step(self, step) -> dict:
        where = f"steps {step.no}"
        out: dict = {"no": step.no, "label": clip(step.label) if step.label else self.b.mark(where, "手順名がありません")}
        kind = step.kind
        if kind is None:
            out["note"] = self.b.mark(where, "図の文字から手順の種類・向きを決められません(kind, from, to を確認)")
            kind = "provide"
            roles = ("ward", "contractor")
        else:
            roles = step.roles
        out["kind"] = kind
        if kind in ("process", "erase"):
            out["at"] = self.process_party(step)
        else:
            out["from"], out["to"] = self.role(roles[0]), self.role(roles[1])
            if out["from"] == out["to"]:
                out.pop("from"), out.pop("to")
                out["at"] = self.process_party(step)
                out["kind"] = "process"
        if kind == "deliver":
            carrier = next((p for p in self.b.parties if p["kind"] == "carrier"), None)
            if carrier:
                out["via"] = carrier["id"]
            out["medium"] = step.medium or "mail_item"
            if "ポスト投函" in self.b.diagram.text:
                step.transport = step.transport or "mailbox"
        items = self.step_items(step, kind)
        if items:
            out["items"] = items
        elif kind in ("provide", "return", "report", "collect"):
            out["note"] = (out.get("note", "") + " " + self.b.mark(where, "運ばれる情報項目(items)を図の文字から決められません")).strip()
        if step.medium:
            out["medium"] = step.medium
        elif "at" in out:
            out["medium"] = "pc" if "pc" in out["at"] else ("system" if self.kind_of(out["at"]) == "system" else "paper")
        if step.transport:
            out["transport"] = step.transport
        elif "at" in out:
            out["transport"] = "in_place"
        if step.frequency:
            out["frequency"] = step.frequency
        elif "'" not in step.no and kind in ("provide", "return"):
            out["frequency"] = "once"
        if step.when:
            out["when"] = step.when
        bullets = self.b.diagram.edge_bullets.get(step.no, [])
        if bullets:
            codes = []
            for bullet in bullets:
                codes.extend(c for c in codes_for(bullet) if c not in codes)
            if codes:
                out["safeguards"] = codes
        return out

    def kind_of(self, pid: str) -> str | None:
        return next((p["kind"] for p in self.b.parties if p["id"] == pid), None)

    def role(self, role: str | None) -> str:
        if role in (None, "ward"):
            return "ward"
        if role == "contractor":
            party = self.b._last_contractor() or next((p for p in self.b.parties if p["kind"] == "subcontractor"), None)
            return party["id"] if party else "ward"
        return next((p["id"] for p in self.b.parties if p["kind"] == role), "ward")

    def process_party(self, step) -> str:
        near = step.before[-1:] + step.after[:1]
        for text in near:
            party = self.b.party_by_name(text) or next(
                (p for p in self.b.parties if p["kind"] == "system" and tight(p["name"]).rstrip("ー") == tight(text).rstrip("ー")), None
            )
            if party:
                return party["id"]
        if re.search(r"抽出", step.label):
            return "ward"
        return self.role("contractor")

    def step_items(self, step, kind: str) -> list[str]:
        found = []
        for group in self.b.items.groups:
            if group in step.label or any(group[i:] in step.label for i in range(len(group) - 4)):
                found.append(group)
        if kind == "collect":
            found.extend(g for g in self.b.diagram.collected if g not in found)
        return found


def diagram_lists(text: str, label: str) -> dict[str, list[str]]:
    """The lists the diagram writes under a group's label (to compare with the table)."""
    lines = text.splitlines()
    out: dict[str, list[str]] = {}
    for index, line in enumerate(lines):
        if line == label:
            body = ""
            for following in lines[index + 1:index + 8]:
                if "、" not in following and body:
                    break
                body += following
            listed = [p.strip() for p in body.split("、") if p.strip()]
            if listed:
                out[label] = listed
    return out
