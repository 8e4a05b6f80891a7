"""Document → draft flow (plain data in the order of a flow file).

Everything the text states is carried over; what it does not state is marked with a string
starting with "TODO" (the loader reports those as warnings) and listed in ``Draft.todos``.
The draft must always load, so identifiers are generated, never left as TODO.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from flowmap.importer.cells import is_subcontract, read_contractors, split_media, work_entries
from flowmap.flow.profiles import WordChoices, Words, default_profile
from flowmap.importer.municipality import Municipality, builtin_profile_for, read_municipality
from flowmap.importer.checklist import checklist_marks
from flowmap.importer.clausematch import match_clause_set
from flowmap.importer.diagram import Diagram, read_diagram
from flowmap.importer.document import Document, Table
from flowmap.importer.items import ItemList, guess_category, read_items
from flowmap.importer.safeguards import map_safeguards
from flowmap.importer.steps import StepBuilder, diagram_lists
from flowmap.importer.text import ocr_fold, clip, era_dates, normalise, scoped_entries, split_numbered, split_top_level, tight, todo

CARRIERS = {"日本郵便": "日本郵便株式会社", "ヤマト運輸": "ヤマト運輸株式会社", "佐川急便": "佐川急便株式会社"}


@dataclass
class Draft:
    data: dict
    todos: list[str] = field(default_factory=list)
    municipality: Municipality | None = None   # who wrote the submission, as read from its text
    profile: str | None = None                 # the built-in profile it matches, if any
    mismatches: list[str] = field(default_factory=list)  # diagram/table disagreements, for stderr


class _Builder:
    def __init__(self, doc: Document, flow_id: str):
        self.doc, self.flow_id = doc, flow_id
        self.todos: list[str] = []
        self.mismatches: list[str] = []
        self.unplaced: list[str] = []
        self.parties: list[dict] = []
        self.items = ItemList()
        self.diagram: Diagram = read_diagram(doc.free)
        self.full_text = normalise("\n".join(doc.lines))
        self.municipality = read_municipality(self.full_text)
        self.profile = builtin_profile_for(self.municipality)
        self.words = self.profile.words if self.profile else Words.derive(
            self.municipality.kind, self.municipality.name, "", WordChoices())

    # --- helpers ---------------------------------------------------------------------------
    def mark(self, where: str, what: str) -> str:
        """A TODO string to place in the draft, also listed for stderr."""
        self.todos.append(f"{where}: {what}")
        return todo(what)

    def note_todo(self, where: str, what: str) -> None:
        """A TODO with no field of its own: listed for stderr and kept in the flow's notes."""
        self.todos.append(f"{where}: {what}")
        self.unplaced.append(todo(f"{where}: {what}"))

    def new_id(self, base: str) -> str:
        taken = {p["id"] for p in self.parties}
        if base not in taken:
            return base
        n = 2
        while f"{base}-{n}" in taken:
            n += 1
        return f"{base}-{n}"

    def party_by_name(self, name: str) -> dict | None:
        wanted = tight(name)
        return next((p for p in self.parties if tight(p["name"]) == wanted), None)

    def add_party(self, base: str, **fields) -> dict:
        party = {"id": self.new_id(base), **fields}
        self.parties.append(party)
        return party

    # --- the whole flow --------------------------------------------------------------------
    def run(self) -> Draft:
        data: dict = {"profile": self.profile.id} if self.profile else {}
        data["submission"] = self.submission()
        self.ward()
        contract_tables = [t for t in self.doc.tables if t.get("contractor")]
        for table in self.doc.tables:
            if table.get("partner"):
                self.external(table)
        for table in contract_tables:
            self.contract(table)
        for table in self.doc.tables:
            if not table.get("contractor") and not table.get("partner") and table.get("items"):
                self.system_change(table)
        self.distinguish_namesakes()
        for party, table in getattr(self, "link_tables", []):
            self.link_safeguards(party, table)
        self.systems_from_text()
        self.carriers()
        self.subjects()
        if not contract_tables:
            self.note_todo("parties", "委託先の表(委託先の行)が見つかりません。委託先を追加してください")
        self.clauses()
        data["parties"] = self.parties
        steps = StepBuilder(self).steps()
        data["items"], data["groups"] = self.item_list()
        data["steps"] = steps
        checklist, problems = checklist_marks(self.doc.checklist, (self.profile or default_profile()).checklist)
        for where, what in problems:
            self.note_todo(where, what)
        if checklist:
            data["checklist"] = checklist
        data["notes"] = self.notes(data["items"])
        return Draft(_clip_all(_drop_empty(data)), self.todos, self.municipality,
                     self.profile.id if self.profile else None, self.mismatches)

    # --- submission ------------------------------------------------------------------------
    def submission(self) -> dict:
        doc, overview = self.doc, self.doc.overview
        title = (doc.cover.get("title") or [t.title for t in doc.tables][:1] or [None])[0]
        department = None
        for table in ([overview] if overview else []) + doc.tables:
            if table.get("department"):
                department = table.get("department")[0]
                break
        if department is None and doc.division:
            match = re.search(r"[^部]*(課|センター|室|所)$", doc.division)
            department = match.group(0) if match else None
        sub: dict = {
            "id": self.flow_id,
            "title": clip(title) if title else self.mark("submission.title", "件名が見つかりません"),
            "department": department or self.mark("submission.department", "担当課が見つかりません"),
            "division": doc.division,
            "council": doc.council,
            # 「要綱の根拠 ◇第3条…」 names its rule only in the heading; a basis that names its
            # own law (個人情報の保護に関する法律第66条…) is kept as written
            "legal_basis": [f"{doc.basis_kind or ''}{b}" if b.startswith("第") else b for b in doc.basis]
            or [self.mark("submission.legal_basis", "要綱・条例の根拠が見つかりません")],
            "diagram_ref": self.diagram_ref(),
            "purpose": tight(" ".join(overview.get("purpose"))) if overview and overview.get("purpose") else None,
            "subjects": self.subject_counts(),
        }
        period = next((self.period(t) for t in doc.tables if t.get("contractor") and t.get("period")), None)
        sub["period"] = period or {"text": self.mark("submission.period", "委託の期間が見つかりません")}
        self.department = sub["department"]
        return sub

    def diagram_ref(self) -> str | None:
        match = re.search(r"個人情報の流れ[^。\n]{0,20}?(資料[\d]+(?:-[\d]+)*)", self.full_text)
        match = match or re.search(r"(資料\d+-\d+(?:-\d+)*)", self.full_text)
        return match.group(1) if match else None

    def subject_counts(self) -> dict:
        overview = self.doc.overview
        description = tight(" ".join(overview.get("subjects"))) if overview else ""
        text = " ".join(overview.get("work")) if overview else ""
        section, counts = None, []
        for keyword in (r"対象者数|対象者の規模|想定人数|対象人数", r"対象者"):
            for match in re.finditer(rf"({keyword})([^※]{{0,200}})", text):
                counts = re.findall(r"(\d[\d,]*)\s*(?:人|件|名|世帯|戸)", match.group(2))
                if counts:
                    section = match
                    break
            if section:
                break
        out: dict = {"description": clip(description) if description else None}
        if len(counts) == 1:
            out["count"] = int(counts[0].replace(",", ""))
            # the words up to the count and the parenthesis after it (時点 …)
            stated = re.match(r"(.*?\d[\d,]*\s*(?:人|件|名|世帯|戸)(?:\([^()]*\))?)", section.group(2).strip())
            out["as_of"] = normalise(stated.group(1))
        elif counts:
            out["as_of"] = self.mark("submission.subjects", f"対象者数が複数書かれています: {section.group(2).strip()[:200]}")
        return out

    def period(self, table: Table) -> dict:
        text = tight(" ".join(table.get("period")))
        dates = era_dates(text)
        period: dict = {"text": clip(text)}
        if len(dates) >= 2:
            period["start"], period["end"] = dates[0], dates[1]
        elif dates:
            period["start"] = dates[0]
        return period

    # --- parties ---------------------------------------------------------------------------
    def ward(self) -> None:
        owner = self.municipality.name or self.mark("parties.ward", "自治体の名前が本文から読めません")
        name = f"{owner} {self.department}" if not self.department.startswith("TODO") and self.municipality.name else owner
        self.add_party("ward", name=name, kind="ward", location={"site": "ward_premises", "country": "japan"})

    def external(self, table: Table) -> None:
        name = tight(" ".join(table.get("partner")))
        basis = next((b for b in self.doc.basis if "結合" in b), None)
        party = self.add_party(
            "external", name=clip(name), kind="external",
            legal_basis=basis or self.mark(f"parties.{name}", "外部結合の法令上の根拠を確認してください"),
        )
        self.declare(party, table)
        self.link_tables = getattr(self, "link_tables", []) + [(party, table)]
        if table.get("link_form"):
            form = " ".join(table.get("link_form"))
            party["note"] = clip("結合の形態: " + form)
            # the ward's end of the link (区のファイルサーバ) is a system of the ward
            body = re.escape(self.words.body)
            for match in re.finditer(rf"{body}の([^\s、との()]{{2,20}}?(?:サーバ|システム|端末))", form):
                self._system(f"{self.words.body}の{match.group(1)}", "ward", None)

    def link_safeguards(self, partner: dict, table: Table) -> None:
        """The 情報保護対策 of a link table, by its numbered headings: 国における… is the
        partner's, 専用タブレットにおける… the devices', 区における… the ward's."""
        for entry in split_numbered(" ".join(table.get("link_safeguards"))):
            heading = re.split(r"\(1\)|\s", entry, maxsplit=1)[0]
            devices = [p for p in self.parties if p["kind"] == "device" and any(k in heading for k in _name_keys(p))]
            holders = devices or [self.parties[0] if heading.startswith(self.words.body) else partner]
            parts = [p.strip() for p in re.split(r"\(\d{1,2}\)", entry) if p.strip()]
            for holder in holders:
                self.add_safeguards(holder, parts[1:] if len(parts) > 1 else parts)

    def contract(self, table: Table) -> None:
        entries = read_contractors(table.get("contractor"))
        serving = None
        for entry in entries:
            existing = self.party_by_name(entry["name"])
            if entry["role"] == "contractor" and existing is not None and is_subcontract(table):
                serving = existing        # the prime contractor named again in a 再委託 table
                continue
            if entry["role"] == "subcontractor" or (is_subcontract(table) and serving is not None):
                fields = {"name": entry["name"], "kind": "subcontractor"}
                fields["serves"] = (serving or self._last_contractor() or {}).get("id")
                if fields["serves"] is None:
                    fields["kind"] = "contractor"
                party = self.add_party("subcontractor" if fields["kind"] == "subcontractor" else "contractor", **fields)
                party["approval"] = "requested"
            else:
                party = self.add_party("contractor", name=entry["name"], kind="contractor")
                serving = party
            if entry["certs"]:
                party["certifications"] = entry["certs"]
            if entry["note"]:
                party["note"] = clip(entry["note"])
            self.contract_details(party, table)
        if any(e["role"] == "subcontractor" for e in entries) is False and is_subcontract(table) and not entries:
            self.note_todo(f"表「{table.title}」", "再委託先が読み取れません")

    def distinguish_namesakes(self) -> None:
        """One contractor with two contracts (seed 002): name each party after its contract;
        PCs of several contractors after their owner."""
        pcs = [p["name"] for p in self.parties if p["kind"] in ("system", "device") and p.get("within")]
        for party in self.parties:
            if party["kind"] in ("system", "device") and pcs.count(party["name"]) > 1:
                owner = next(p for p in self.parties if p["id"] == party["within"])
                party["name"] = clip(f"{party['name']}({owner['name']})")
        names = [tight(p["name"]) for p in self.parties if p["kind"] in ("contractor", "subcontractor")]
        for party in self.parties:
            if names.count(tight(party["name"])) > 1 and party.get("contract", {}).get("title"):
                work = re.sub(r"の(再)?委託.*$", "", party["contract"]["title"])
                party["name"] = clip(f"{party['name']}({work})")

    def _last_contractor(self) -> dict | None:
        return next((p for p in reversed(self.parties) if p["kind"] == "contractor"), None)

    def contract_details(self, party: dict, table: Table) -> None:
        self.declare(party, table)
        work = work_entries(table.get("work"))
        party["contract"] = {
            "title": table.title or None,
            "business": clip(tight(" ".join(table.get("business")))) if table.get("business") else None,
            "reason": clip(tight(" ".join(table.get("reason")))) if table.get("reason") else None,
            "work": [clip(w) for w in work],
            "period": self.period(table) if table.get("period") else None,
        }
        if work:
            party["tasks"] = [{"id": f"task-{n}", "label": clip(w)} for n, w in enumerate(work, 1)]
            self.note_todo(f"parties.{party['id']}.tasks", "各業務に必要な情報項目(needs)を記入してください")
        for medium in table.get("media"):
            self.systems_in_media(medium, party)
        sentences = [e for _, e in scoped_entries(table.get("contractor_safeguards"))]
        party.setdefault("safeguards", [])
        for sentence in sentences:
            self.add_safeguards(self.holder(sentence, party), [sentence])
        ward_sentences = [e for _, e in scoped_entries(table.get("ward_safeguards"))]
        self.party_sentences = getattr(self, "party_sentences", {})
        self.party_sentences[party["id"]] = sentences + ward_sentences
        for sentence in ward_sentences:
            self.add_safeguards(self.holder(sentence, self.parties[0]), [sentence])

    def add_safeguards(self, party: dict, sentences: list[str]) -> None:
        for safeguard in map_safeguards(sentences):
            if safeguard not in party.setdefault("safeguards", []):
                party["safeguards"].append(safeguard)

    def holder(self, sentence: str, owner: dict) -> dict:
        """Who a measure belongs to: a system or device of ``owner`` that the sentence names
        (予約管理システムについては…, タブレットは…), else the owner."""
        for party in self.parties:
            if party["kind"] in ("system", "device") and party.get("within") == owner["id"]:
                if any(key in sentence for key in _name_keys(party)):
                    return party
        return owner

    def declare(self, party: dict, table: Table) -> None:
        found = read_items(table.get("items"))
        if not table.get("items"):
            self.note_todo(f"parties.{party['id']}.declared", "情報項目の行が見つかりません")
        for label in found.items:
            self.items.add(label)
        for group, members in found.groups.items():
            for label in members:
                self.items.add(label, group)
        for part in found.unread:
            self.note_todo(f"parties.{party['id']}.declared", f"情報項目として読めない記述があります: {part[:80]}")
        media = [m for line in table.get("media") for m in split_top_level(line, "、") for m in split_media(m)]
        party["declared"] = {"items": found.items, "complete": found.complete, "media": media}

    def system_change(self, table: Table) -> None:
        match = re.search(r"係る(.+?)の(改修|新規開発|開発|変更|導入)", table.title)
        name = tight(match.group(1)) if match else tight(table.title)
        party = self.party_by_name(name) or self._find_system(name) or self.add_party(
            "system", name=clip(name), kind="system", within="ward",
        )
        self.declare(party, table)

    def systems_in_media(self, media: str, owner: dict) -> None:
        """委託先のパソコン, (住民情報システム) …: the systems the table says data is recorded on."""
        text = normalise(media)
        prefix = "再委託先" if owner["kind"] == "subcontractor" else "委託先"
        if re.search(r"(再)?委託先のパソコン", text):
            self._system(f"{prefix}パソコン", owner["id"], f"{owner['id']}-pc")
        for match in re.finditer(r"([^\s(、及びの]*(?:システム|サーバ))", text):
            name = match.group(1)
            if name.endswith("統合基盤サーバ") or len(name) < 4:
                continue
            if re.search(r"タブレット\($", text[: match.start()]):
                continue   # the system a handed-out tablet opens is the device's, not a party of its own
            before = text[max(0, match.start() - 15): match.start()]
            holder = owner["id"] if "委託先" in before else "ward"
            self._system(name, holder, None)
        if "タブレット" in text:
            name = re.search(r"[^\s(、]*タブレット", text).group(0)
            self._system(name, owner["id"], f"{owner['id']}-tablet", kind="device")

    def _system(self, name: str, within: str, pid: str | None, kind: str = "system") -> None:
        if pid is not None:   # a PC of one contractor: one per owner
            if not any(p.get("within") == within and p["name"] == name for p in self.parties):
                self.add_party(pid, name=name, kind=kind, within=within)
            return
        if self.party_by_name(name) is None and not self._same_system(name):
            self.add_party(pid or ("device" if kind == "device" else "system"), name=name, kind=kind, within=within)

    def _same_system(self, name: str) -> bool:
        return self._find_system(name) is not None

    def _find_system(self, name: str) -> dict | None:
        """A system already listed under this name (ホストコンピュータ = ホストコンピューター,
        保健情報システム = 保健情報システム(対人系))."""
        def short(text: str) -> str:
            return re.sub(r"\([^()]*\)", "", tight(text)).rstrip("ー")
        return next((p for p in self.parties if p["kind"] in ("system", "device") and short(p["name"]) == short(name)), None)

    def systems_from_text(self) -> None:
        match = re.search(r"ホストコンピュータ(ー)?", self.full_text)
        if match and not any("ホストコンピュータ" in p["name"] for p in self.parties):
            self.parties.insert(1, {"id": self.new_id("host"), "name": match.group(0), "kind": "system", "within": "ward"})

    def carriers(self) -> None:
        for word, name in CARRIERS.items():
            if word in self.full_text and self.party_by_name(name) is None:
                base = "japan-post" if word == "日本郵便" else "carrier"
                self.add_party(base, name=name, kind="carrier")

    def subjects(self) -> None:
        self.add_party("residents", name=f"{self.words.residents}(対象者)", kind="subjects")

    def clauses(self) -> None:
        blocks = self.doc.clause_blocks
        outside = [p for p in self.parties if p["kind"] in ("contractor", "subcontractor")]
        if not blocks:
            for party in outside:
                self._party_todo(party, "特記事項が本文にありません。付される条項セット(clauses)を確認してください")
            return
        matched = [(block, match_clause_set(block)) for block in blocks]
        for party in outside:
            binds = "丙" if party["kind"] == "subcontractor" else "乙"
            wanted = self._annex_numbers(party)
            numbered = list(enumerate(matched, 1))
            same = [(i, b, m) for i, (b, m) in numbered if b.binds == binds]
            # 「特記事項(別紙2)」: the sets are numbered 別紙1, 2 … in the order printed
            named = [(i, b, m) for i, (b, m) in numbered if i in wanted]
            candidates = (
                [c for c in named if c[1].binds == binds]
                or (same if len(same) == 1 else [])
                or (named if len(named) == 1 else [])
            )
            chosen = candidates[0] if len(candidates) == 1 else None
            if chosen and chosen[2]:
                party["clauses"] = chosen[2]
            elif chosen:
                block = chosen[1]
                self._party_todo(party, f"特記事項({len(block.clauses)}項、{block.binds}を拘束)は既知の条項セットと一致しません。clauses を確認してください")
            else:
                self._party_todo(party, "どの特記事項が付されるか決められません。clauses を確認してください")

    def _annex_numbers(self, party: dict) -> set[int]:
        """The 別紙 numbers of the clause sets the party's table attaches; when a sentence names
        the party itself (one table, two kinds of 医療機関), only those sentences count."""
        sentences = getattr(self, "party_sentences", {}).get(party["id"], [])
        with_annex = [s for s in sentences if re.search(r"別紙\d", s)]
        naming = [s for s in with_annex if _shared_run(s, party["name"]) >= 6]
        found: set[int] = set()
        for sentence in naming or with_annex:
            for match in re.finditer(r"別紙(\d)(?:及び(?:別紙)?(\d))?", sentence):
                found.update(int(g) for g in match.groups() if g)
        return found

    def _party_todo(self, party: dict, text: str) -> None:
        """A TODO on a party: put first in its note, so the loader warns of it."""
        party["note"] = " ".join(filter(None, [todo(text), party.get("note")]))
        self.todos.append(f"parties.{party['id']}: {text}")

    # --- items, groups, steps ----------------------------------------------------------------
    def item_list(self) -> tuple[list[dict], list[dict]]:
        for label, members in self.diagram.collected.items():
            for member in members:
                self.items.add(member, label)
        items, unsure = [], []
        for n, label in enumerate(self.items.items, 1):
            category, sure = guess_category(label)
            if not sure:
                unsure.append(label)
            items.append({"id": f"item-{n:02d}", "label": clip(label), "category": category})
        if unsure:
            self.note_todo("items", f"区分(category)を推定できなかった情報項目: {'、'.join(unsure)}")
        labels = set(self.items.items)
        groups = [
            {"id": f"group-{n}", "label": label, "items": members}
            for n, (label, members) in enumerate(self.items.groups.items(), 1)
            if label not in labels
        ]
        return items, groups

    # --- checklist and notes -----------------------------------------------------------------
    def notes(self, items: list[dict]) -> list[str]:
        """The draft's notes; every diagram/table disagreement is also listed for stderr, and a
        diagram word close to a table word is recorded as that item's slip (both words kept).
        Text-extraction artefacts (力 read for カ) are not disagreements."""
        notes = ["flowmap import が提出文書の文字から作成した下書き。TODO の箇所を確認・記入してください。"]
        by_label = {item["label"]: item for item in items}
        for label, members in self.items.groups.items():
            for diagram_label, listed in diagram_lists(self.diagram.text, label).items():
                folded = {ocr_fold(m) for m in members}
                missing = [m for m in listed if m not in members and ocr_fold(m) not in folded]
                for word in missing:
                    where = f"図の「{label}」の枠"
                    close = difflib.get_close_matches(word, members, n=1, cutoff=0.5)
                    if close and close[0] in by_label:
                        by_label[close[0]].setdefault("slips", []).append({"text": word, "where": where})
                        self.mismatches.append(f"{where}は「{word}」、表は「{close[0]}」(slips に記録)")
                    else:
                        self.mismatches.append(f"{where}に表にない項目「{word}」があります")
                if missing:
                    notes.append(f"図の「{label}」の枠に表にない項目があります: {'、'.join(missing)}(図と表の不一致)")
        return notes + self.unplaced


def _name_keys(party: dict) -> list[str]:
    """How a text refers to a system or device: its name without glosses; a handed-out device
    also by its kind word (国が配布する専用タブレット → タブレット)."""
    core = re.sub(r"\([^()]*\)", "", party["name"])
    keys = [core] if len(core) >= 4 else []
    if party["kind"] == "device":
        kind_word = re.search(r"[ァ-ヶー]{4,}$", core)
        if kind_word:
            keys.append(kind_word.group(0))
    return keys


def _shared_run(a: str, b: str) -> int:
    """Length of the longest run of characters two texts share."""
    match = difflib.SequenceMatcher(a=a, b=b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size


def _clip_all(value, key: str = ""):
    """Every text within the model's 2000-character limit (the purpose may be longer)."""
    if isinstance(value, dict):
        return {k: _clip_all(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_clip_all(v, key) for v in value]
    if isinstance(value, str) and key != "purpose":
        return clip(value)
    return value


def _drop_empty(value):
    """Leave out None, empty lists and empty mappings, so the draft reads like a hand-made flow."""
    if isinstance(value, dict):
        out = {k: _drop_empty(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v not in (None, [], {}, "")}
    if isinstance(value, list):
        return [_drop_empty(v) for v in value]
    return value


def build(doc: Document, flow_id: str) -> Draft:
    return _Builder(doc, flow_id).run()


__all__ = ["Draft", "build"]
