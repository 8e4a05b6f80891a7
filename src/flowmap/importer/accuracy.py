"""Measure the importer: precision and recall of each seed's draft against the hand-made flow.

    python -m flowmap.importer.accuracy --seeds tests/fixtures/seeds --flows flows --write docs/import.md
    python -m flowmap.importer.accuracy --seeds tests/fixtures/import/city --flows examples --pair-by stem \
        --marker accuracy-city --write docs/import.md

Parties are paired by kind and name (a kind with one party on each side pairs regardless of
name); declared items are compared per paired party by label (width-normalised, ignoring a
parenthesised gloss); steps by number; safeguards as (party, code) and (step, code) pairs.
An unpaired hand party counts all its items and safeguards as missed.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from flowmap.importer import draft_flow, write_draft
from flowmap.importer.text import tight
from flowmap.flow.loading import load_flow
from flowmap.flow.model import Flow, FreeSafeguard

BEGIN, END = "<!-- accuracy:begin -->", "<!-- accuracy:end -->"


@dataclass
class Score:
    hits: int = 0
    drafted: int = 0
    expected: int = 0

    @property
    def precision(self) -> float | None:
        return self.hits / self.drafted if self.drafted else None

    @property
    def recall(self) -> float | None:
        return self.hits / self.expected if self.expected else None

    def add(self, other: "Score") -> None:
        self.hits += other.hits
        self.drafted += other.drafted
        self.expected += other.expected


def _label(text: str) -> str:
    return re.sub(r"[\s・]", "", tight(text))


def _bare(text: str) -> str:
    return re.sub(r"\([^()]*\)", "", _label(text))


def _similar(a: str, b: str) -> float:
    a, b = _bare(a), _bare(b)
    if a == b or (min(len(a), len(b)) >= 2 and (a in b or b in a)):
        return 1.0
    return difflib.SequenceMatcher(a=a, b=b).ratio()


def pair_parties(draft: Flow, hand: Flow) -> dict[str, str]:
    """hand party id → draft party id."""
    pairs: dict[str, str] = {}
    candidates = []
    for h in hand.parties:
        same_kind = [d for d in draft.parties if d.kind == h.kind]
        alone = len(same_kind) == 1 and sum(p.kind == h.kind for p in hand.parties) == 1
        for d in same_kind:
            score = 1.0 if alone else _similar(d.name, h.name)
            if score >= 0.5:
                # namesakes (one contractor, two contracts) are told apart by their contracts
                titles = [p.contract.title for p in (d, h) if p.contract and p.contract.title]
                tie = difflib.SequenceMatcher(a=titles[0], b=titles[1]).ratio() if len(titles) == 2 else 0.0
                candidates.append((score + tie / 10, h.id, d.id))
    used: set[str] = set()
    for score, h, d in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if h not in pairs and d not in used:
            pairs[h] = d
            used.add(d)
    return pairs


def _items_equal(a: str, b: str) -> bool:
    return _label(a) == _label(b) or _bare(a) == _bare(b)


def _overlap(drafted: list[str], expected: list[str]) -> int:
    left = list(drafted)
    hits = 0
    for label in expected:
        match = next((d for d in left if _items_equal(d, label)), None)
        if match is not None:
            left.remove(match)
            hits += 1
    return hits


def _codes(refs) -> set[str]:
    return {r for r in refs if not isinstance(r, FreeSafeguard)}


def _no(text: str) -> str:
    return text.replace("′", "'").replace("’", "'")


def compare(draft: Flow, hand: Flow) -> dict[str, Score]:
    pairs = pair_parties(draft, hand)
    parties = Score(len(pairs), len(draft.parties), len(hand.parties))

    items = Score()
    items.drafted = sum(len(p.declared.items) for p in draft.parties if p.declared)
    items.expected = sum(len(p.declared.items) for p in hand.parties if p.declared)
    for h_id, d_id in pairs.items():
        h, d = hand.party(h_id), draft.party(d_id)
        if h.declared and d.declared:
            items.hits += _overlap(d.declared.items, h.declared.items)

    draft_steps = {_no(s.no): s for s in draft.steps}
    hand_steps = {_no(s.no): s for s in hand.steps}
    steps = Score(len(draft_steps.keys() & hand_steps.keys()), len(draft_steps), len(hand_steps))
    reverse = {d: h for h, d in pairs.items()}
    agree = Score(expected=steps.hits, drafted=steps.hits)
    for no in draft_steps.keys() & hand_steps.keys():
        d, h = draft_steps[no], hand_steps[no]
        same_ends = (reverse.get(d.source), reverse.get(d.target)) == (h.source, h.target)
        if d.kind == h.kind and d.medium == h.medium and same_ends:
            agree.hits += 1

    safeguards = Score()
    drafted = {(reverse.get(p.id, "?" + p.id), c) for p in draft.parties for c in _codes(p.safeguards)}
    drafted |= {("step", _no(s.no), c) for s in draft.steps for c in _codes(s.safeguards)}
    drafted |= {("flow", c) for c in _codes(draft.safeguards)}
    expected = {(p.id, c) for p in hand.parties for c in _codes(p.safeguards)}
    expected |= {("step", _no(s.no), c) for s in hand.steps for c in _codes(s.safeguards)}
    expected |= {("flow", c) for c in _codes(hand.safeguards)}
    safeguards = Score(len(drafted & expected), len(drafted), len(expected))
    drafted, expected = _marks(draft), _marks(hand)
    checklist = Score(len(drafted & expected), len(drafted), len(expected))
    return {"parties": parties, "items": items, "steps": steps, "step_details": agree, "safeguards": safeguards,
            "checklist": checklist}


def _marks(flow: Flow) -> set[tuple[str, str, str]]:
    """The checklist as (side, code, ○/－) marks."""
    out = set()
    for side in ("ward", "contractor"):
        checklist = getattr(flow.checklist, side, None) if flow.checklist else None
        if checklist is not None:
            out |= {(side, c, "○") for c in checklist.applied} | {(side, c, "－") for c in checklist.not_needed}
    return out


def seed_pairs(seeds: Path, flows: Path) -> list[tuple[Path, Path]]:
    """(seed text, hand flow) pairs: seeds/NNN_*.txt with flows/NNN-*.yaml (several per seed allowed)."""
    out = []
    for seed in sorted(seeds.glob("*.txt")):
        number = seed.name[:3]
        for flow in sorted(flows.glob(f"{number}-*.yaml")):
            out.append((seed, flow))
    return out


def stem_pairs(texts: Path, flows: Path) -> list[tuple[Path, Path]]:
    """(text, hand flow) pairs by name: texts/NAME.txt with flows/NAME.yaml."""
    return [(text, flows / f"{text.stem}.yaml") for text in sorted(texts.glob("*.txt"))
            if (flows / f"{text.stem}.yaml").is_file()]


def measure(seeds: Path, flows: Path, by_stem: bool = False) -> list[tuple[str, str, dict[str, Score]]]:
    rows = []
    pairs = stem_pairs(seeds, flows) if by_stem else seed_pairs(seeds, flows)
    with tempfile.TemporaryDirectory() as folder:
        for seed, flow_path in pairs:
            hand = load_flow(flow_path)
            draft = draft_flow(seed.read_text(encoding="utf-8"), "draft")
            out = Path(folder) / f"{flow_path.stem}.yaml"
            write_draft(draft, out, force=True)
            rows.append((seed.stem if by_stem else seed.name[:3], flow_path.name, compare(load_flow(out), hand)))
    return rows


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def _cell(score: Score) -> str:
    return f"{_pct(score.precision)} / {_pct(score.recall)} ({score.hits}/{score.drafted}/{score.expected})"


def table(rows) -> str:
    names = ["parties", "items", "steps", "step_details", "safeguards", "checklist"]
    heads = ["当事者", "申告された情報項目", "手順(番号)", "手順の種類・媒体・向き", "安全対策(コード)", "チェックリスト(○/－)"]
    out = ["| seed | 手書きのフロー | " + " | ".join(heads) + " |", "|" + " --- |" * (len(names) + 2)]
    totals = {n: Score() for n in names}
    for seed, flow, scores in rows:
        out.append(f"| {seed} | {flow} | " + " | ".join(_cell(scores[n]) for n in names) + " |")
        for n in names:
            totals[n].add(scores[n])
    out.append("| 計 | | " + " | ".join(_cell(totals[n]) for n in names) + " |")
    out.append("")
    out.append("各欄: 適合率 / 再現率 (一致数/下書きの数/手書きの数)。「手順の種類・媒体・向き」は番号の一致した手順のうち、"
               "kind・medium・from/to(at) がすべて手書きと同じものの割合。")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=Path("tests/fixtures/seeds"))
    parser.add_argument("--flows", type=Path, default=Path("flows"))
    parser.add_argument("--write", type=Path, default=None, help="Replace the table between the markers in this file.")
    parser.add_argument("--pair-by", choices=["number", "stem"], default="number",
                        help="number: NNN_*.txt with NNN-*.yaml (the seeds); stem: NAME.txt with NAME.yaml.")
    parser.add_argument("--marker", default="accuracy", help="The markers' name: <!-- NAME:begin --> … <!-- NAME:end -->.")
    args = parser.parse_args(argv)
    begin, end = f"<!-- {args.marker}:begin -->", f"<!-- {args.marker}:end -->"
    rows = measure(args.seeds, args.flows, by_stem=args.pair_by == "stem")
    if not rows:
        print(f"{args.seeds} と {args.flows} に対応する seed とフローがありません", file=sys.stderr)
        return 1
    text = table(rows)
    if args.write is None:
        print(text)
        return 0
    document = args.write.read_text(encoding="utf-8")
    if begin not in document or end not in document:
        print(f"{args.write}: {begin} と {end} の行がありません", file=sys.stderr)
        return 1
    head, rest = document.split(begin, 1)
    _, tail = rest.split(end, 1)
    args.write.write_text(f"{head}{begin}\n{text}\n{end}{tail}", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
