"""Benchmark: analysis time against flow size (steps × items). Not a test — run by hand:

    PYTHONPATH=src python bench/bench_analysis.py        # prints a table, writes bench/results/analysis.tsv

Synthetic flows: one ward, three contractors, S provision/return steps, I items per step. The
cost should grow with S × I (the last column, µs per step·item, should stay roughly flat).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from flowmap.rules.analysis import analyse
from flowmap.flow.loading import load_flow
from flowmap.flow.model import CIRCLED


def synthetic(steps: int, items: int) -> dict:
    item_list = [{"id": f"i{n}", "label": f"項目{n}", "category": "basic"} for n in range(items)]
    labels = [i["label"] for i in item_list]
    parties = [{"id": "ward", "name": "区", "kind": "ward", "location": {"site": "ward_premises", "country": "japan"}}]
    for c in range(3):
        parties.append({"id": f"c{c}", "name": f"委託先{c}", "kind": "contractor", "clauses": "shinjuku-2023-31",
                        "location": {"site": "own_site", "country": "japan"}, "contract": {"title": "例"},
                        "safeguards": ["handlers_designated", "training"], "declared": {"items": labels},
                        "tasks": [{"id": "work", "label": "作業", "needs": labels}]})
    step_list = []
    for n in range(steps):
        base, prime = n % len(CIRCLED), n // len(CIRCLED)
        kind = "return" if n % 2 else "provide"
        c = f"c{(n // 2) % 3}"
        ends = {"from": c, "to": "ward"} if kind == "return" else {"from": "ward", "to": c}
        step_list.append({"no": CIRCLED[base] + "'" * prime, "label": f"手順{n}", "kind": kind, **ends,
                          "items": labels, "medium": "usb", "transport": "hand_delivery",
                          "safeguards": ["encrypted_medium", "password_separate", "locked_bag", "ledger"]})
    return {"submission": {"id": "bench", "title": "bench", "department": "例"}, "parties": parties,
            "items": item_list, "steps": step_list}


def measure(steps: int, items: int, folder: Path) -> tuple[float, int]:
    path = folder / f"bench-{steps}-{items}.yaml"
    path.write_text(json.dumps(synthetic(steps, items), ensure_ascii=False), encoding="utf-8")
    flow = load_flow(path)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        findings = analyse(flow)
        best = min(best, time.perf_counter() - start)
    return best, len(findings)


def main() -> int:
    rows = ["steps\titems\tseconds\tfindings\tus_per_step_item"]
    with tempfile.TemporaryDirectory() as tmp:
        for steps, items in [(20, 10), (40, 10), (80, 10), (40, 20), (40, 40), (160, 10), (80, 40)]:
            seconds, count = measure(steps, items, Path(tmp))
            rows.append(f"{steps}\t{items}\t{seconds:.4f}\t{count}\t{seconds / (steps * items) * 1e6:.1f}")
            print(rows[-1], flush=True)
    out = Path(__file__).parent / "results" / "analysis.tsv"
    out.parent.mkdir(exist_ok=True)
    out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
