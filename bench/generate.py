"""Synthetic but realistic flows for benchmarks: a ward, its systems, contractors and their
sub-contractors, items, groups, tasks and numbered steps, seeded and reproducible.

Every flow this module writes passes ``flowmap validate``. Run by hand:

    python bench/generate.py corpus --count 1000 --out bench/results/corpus
    python bench/generate.py flow --steps 8000 --out bench/results/big-8000.yaml
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import sys
from pathlib import Path

from ruamel.yaml import YAML

from flowmap.flow.clauses import builtin_clause_sets
from flowmap.flow.model import CIRCLED
from flowmap.flow.vocabulary import (
    Approval,
    EraseMethod,
    Frequency,
    ItemCategory,
    Medium,
    Proof,
    SAFEGUARDS,
    Transport,
)

ITEM_WORDS = {
    ItemCategory.BASIC: ["氏名", "カナ氏名", "住所", "生年月日", "性別", "方書", "郵便番号", "旧氏"],
    ItemCategory.CONTACT: ["電話番号", "携帯電話番号", "メールアドレス", "緊急連絡先"],
    ItemCategory.IDENTIFIER: ["宛名番号", "世帯番号", "接種券番号", "受付番号", "整理番号"],
    ItemCategory.MY_NUMBER: ["個人番号"],
    ItemCategory.HEALTH: ["予診票の回答", "接種記録", "既往歴", "健診結果"],
    ItemCategory.FREE_TEXT: ["相談内容", "アンケート回答", "問い合わせ内容", "備考"],
    ItemCategory.RECORD: ["消除フラグ", "発送年月日", "返還の年月日", "配布状況", "予約日時", "対応記録"],
}
HOLDERS = ["対象者", "世帯主", "申込者", "参加者", "接種者", "保護者"]
JOBS = ["封入・封緘・発送", "宛名印字", "コールセンター", "予約受付", "データ入力", "集計",
        "会場運営", "印刷", "配送", "システム保守"]
COMPANIES = ["株式会社", "有限会社", "協同組合"]
TOWNS = ["新宿", "四谷", "牛込", "大久保", "落合", "戸塚", "柏木", "角筈", "榎", "若松"]
WARD_SAFEGUARDS = [code for code, s in SAFEGUARDS.items() if s.scope == "operational"]
SYSTEM_SAFEGUARDS = [code for code, s in SAFEGUARDS.items() if s.scope == "system"]
HANDOVER_SAFEGUARDS = ["locked_bag", "encrypted_medium", "ledger", "password_separate",
                       "face_to_face_handover", "sealed", "tracked_delivery", "encrypt_data"]
TRANSFERS = [  # medium, transport, frequency, a safeguard that fits
    (Medium.USB, Transport.HAND_DELIVERY, "encrypted_medium"),
    (Medium.DVD_R, Transport.HAND_DELIVERY, "password_separate"),
    (Medium.PAPER, Transport.HAND_DELIVERY, "locked_bag"),
    (Medium.PAPER, Transport.TRACKED_POST, "sealed"),
    (Medium.FILE, Transport.NETWORK, "encrypt_data"),
    (Medium.LGWAN, Transport.NETWORK, "encrypted_communication"),
]


def step_number(index: int) -> str:
    """The ``index``-th (0-based) step number: ①…㊿, then (51), (52) … as a diagram would
    number them, so the text grows linearly with the number of steps."""
    return CIRCLED[index] if index < len(CIRCLED) else f"({index + 1})"


class _Builder:
    """Accumulates one flow dict; helpers keep ids unique and references valid."""

    def __init__(self, rng: random.Random, seed: int):
        self.rng, self.seed = rng, seed
        self.parties: list[dict] = []
        self.items: list[dict] = []
        self.steps: list[dict] = []

    def party(self, **fields) -> dict:
        self.parties.append(fields)
        return fields

    def sample_items(self, low: int, high: int) -> list[str]:
        """Item references, written as ids or labels as authors do."""
        chosen = self.rng.sample(self.items, min(len(self.items), self.rng.randint(low, high)))
        return [i["label"] if self.rng.random() < 0.5 else i["id"] for i in chosen]


def generate_flow(seed: int, steps: int | None = None, parties: int | None = None) -> dict:
    """One valid flow as plain data; ``steps`` fixes the step count (default 10–60), ``parties``
    the number of parties (about: contractors, each with its PC, no sub-contractors)."""
    rng = random.Random(seed)
    b = _Builder(rng, seed)
    clause_set = sorted(builtin_clause_sets())[0]
    town = rng.choice(TOWNS)

    # items 10–80, unique labels (word + holder + serial where needed)
    n_items = rng.randint(10, 80)
    for index in range(n_items):
        category = rng.choice(list(ITEM_WORDS))
        word = rng.choice(ITEM_WORDS[category])
        label = f"{rng.choice(HOLDERS)}{word}{index + 1}"
        item = {"id": f"item-{index + 1:03d}", "label": label, "category": category.value}
        if rng.random() < 0.1:
            item["aliases"] = [f"{label}(旧)"]
        b.items.append(item)
    groups = []
    for g in range(rng.randint(1, 5)):
        members = rng.sample(b.items, rng.randint(2, min(8, n_items)))
        groups.append({"id": f"group-{g + 1}", "label": f"{rng.choice(HOLDERS)}情報{g + 1}",
                       "items": [m["label"] for m in members]})

    ward = b.party(id="ward", name=f"新宿区 {town}課", kind="ward",
                   location={"site": "ward_premises", "country": "japan"},
                   safeguards=rng.sample(WARD_SAFEGUARDS, 3))
    systems = [b.party(id=f"ward-system-{s + 1}", name=f"{town}システム{s + 1}", kind="system",
                       within="ward") for s in range(rng.randint(1, 3))]
    carrier = b.party(id="carrier", name="日本郵便株式会社", kind="carrier")
    residents = b.party(id="residents", name=f"区民({rng.choice(HOLDERS)})", kind="subjects")

    outside: list[dict] = []  # contractors and sub-contractors, which hold data
    contractors = rng.randint(1, 3) if parties is None else max(1, (parties - len(b.parties)) // 2)
    for c in range(contractors):
        contractor = b.party(
            id=f"contractor-{c + 1}", name=f"{rng.choice(COMPANIES)}{rng.choice(TOWNS)}サービス{c + 1}",
            kind="contractor", clauses=clause_set,
            certifications=rng.sample(["privacy_mark", "isms"], rng.randint(0, 2)),
            location={"site": rng.choice(["own_site", "venue", "cloud"]), "country": "japan"},
            safeguards=rng.sample(WARD_SAFEGUARDS, rng.randint(2, 6)) + rng.sample(SYSTEM_SAFEGUARDS, 2),
            tasks=_tasks(b, f"c{c + 1}"),
            contract={"title": f"業務委託{c + 1}", "work": rng.sample(JOBS, 2)},
        )
        outside.append(contractor)
        b.party(id=f"contractor-{c + 1}-pc", name=f"委託先{c + 1}パソコン", kind="system",
                within=contractor["id"])
        for s in range(rng.randint(0, 3) if parties is None else 0):
            outside.append(b.party(
                id=f"sub-{c + 1}-{s + 1}", name=f"再委託先{c + 1}-{s + 1}", kind="subcontractor",
                serves=contractor["id"], approval=rng.choice(list(Approval)).value,
                clauses=clause_set, tasks=_tasks(b, f"s{c + 1}-{s + 1}"),
            ))

    n_steps = steps if steps is not None else rng.randint(10, 60)
    for index in range(n_steps):
        b.steps.append(_step(b, index, n_steps, ward, systems, outside, residents, carrier))

    start = dt.date(2024, 4, 1) + dt.timedelta(days=rng.randint(0, 365))
    contractors_safeguards = rng.sample(list(SAFEGUARDS), 12)
    return {
        "submission": {
            "id": f"bench-{seed:05d}",
            "title": f"{rng.choice(JOBS)}業務の委託について(合成データ {seed})",
            "department": f"{town}課",
            "legal_basis": ["要綱第3条第1項第3号(業務委託)"],
            "diagram_ref": f"資料{seed % 50 + 1}-1",
            "subjects": {"count": rng.randint(100, 300000)},
            "period": {"start": start, "end": start + dt.timedelta(days=rng.randint(30, 700))},
        },
        "parties": b.parties,
        "items": b.items,
        "groups": groups,
        "steps": b.steps,
        "safeguards": rng.sample(WARD_SAFEGUARDS, 2),
        "checklist": {
            "ward": {"applied": WARD_SAFEGUARDS[:6], "not_needed": SYSTEM_SAFEGUARDS[:4]},
            "contractor": {"applied": contractors_safeguards},
        },
    }


def _tasks(b: _Builder, prefix: str) -> list[dict]:
    tasks = []
    for t in range(b.rng.randint(1, 4)):
        task = {"id": f"{prefix}-task-{t + 1}", "label": b.rng.choice(JOBS), "needs": b.sample_items(1, 6)}
        if b.rng.random() < 0.3:
            task["produces"] = b.sample_items(1, 2)
        tasks.append(task)
    return tasks


def _step(b: _Builder, index: int, total: int, ward, systems, outside, residents, carrier) -> dict:
    """One step; the shape depends on where it sits: extract, hand over, work, deliver, return."""
    rng = b.rng
    holder = rng.choice(outside)
    step: dict = {"no": step_number(index)}
    phase = index / max(total - 1, 1)
    if index == 0 or rng.random() < 0.1:
        step.update(label="対象者情報の抽出", kind="process", at=rng.choice(systems)["id"],
                    medium="system", transport="in_place")
    elif phase > 0.85:
        if rng.random() < 0.5:
            step.update(label="契約終了後のデータの返却", kind="return", **{"from": holder["id"]}, to="ward",
                        medium="usb", transport="hand_delivery", proof=rng.choice(list(Proof)).value)
        else:
            step.update(label="電子データの消去", kind="erase", at=holder["id"],
                        method=rng.choice(list(EraseMethod)).value, proof="certificate")
    else:
        roll = rng.random()
        if roll < 0.35:
            medium, transport, guard = rng.choice(TRANSFERS)
            source = ward["id"] if holder["kind"] == "contractor" else holder["serves"]
            step.update(label="対象者情報の提供", kind="provide", **{"from": source}, to=holder["id"],
                        medium=medium.value, transport=transport.value, safeguards=[guard])
        elif roll < 0.55:
            step.update(label=f"{rng.choice(JOBS)}の作業", kind="process", at=holder["id"],
                        medium="pc", transport="in_place")
        elif roll < 0.7:
            step.update(label="通知の送付", kind="deliver", **{"from": holder["id"]}, to=residents["id"],
                        via=carrier["id"], medium="mail_item", transport="mailbox")
        elif roll < 0.85:
            step.update(label="問い合わせの受付", kind="collect", **{"from": residents["id"]},
                        to=holder["id"], medium="phone", transport="phone")
        else:
            step.update(label="処理状況の報告", kind="report", **{"from": holder["id"]}, to="ward",
                        medium="file", transport="network", safeguards=["encrypt_data"])
    step["items"] = b.sample_items(1, 8)
    step["frequency"] = rng.choice(list(Frequency)).value
    if rng.random() < 0.2:
        step["when"] = f"R{rng.randint(5, 8)}.{rng.randint(1, 12)}月"
    return step


def dump_flow(flow: dict) -> str:
    """The flow as block-style YAML, the way authors write flow files."""
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 4096
    yaml.sort_base_mapping_type_on_output = False
    out = io.StringIO()
    yaml.dump(flow, out)
    return out.getvalue()


def write_corpus(out: Path, count: int, first_seed: int = 0) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in range(first_seed, first_seed + count):
        path = out / f"bench-{seed:05d}.yaml"
        path.write_text(dump_flow(generate_flow(seed)), encoding="utf-8")
        paths.append(path)
    return paths


def write_flow(out: Path, steps: int, seed: int = 0, parties: int | None = None) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(dump_flow(generate_flow(seed, steps=steps, parties=parties)), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    corpus = sub.add_parser("corpus", help="N flows of 10–60 steps")
    corpus.add_argument("--count", type=int, default=1000)
    corpus.add_argument("--seed", type=int, default=0)
    corpus.add_argument("--out", type=Path, required=True)
    flow = sub.add_parser("flow", help="one flow of S steps")
    flow.add_argument("--steps", type=int, required=True)
    flow.add_argument("--seed", type=int, default=0)
    flow.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.what == "corpus":
        paths = write_corpus(args.out, args.count, args.seed)
        print(f"{len(paths)} flows in {args.out}", file=sys.stderr)
    else:
        path = write_flow(args.out, args.steps, args.seed)
        print(f"{path}: {path.stat().st_size:,} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
