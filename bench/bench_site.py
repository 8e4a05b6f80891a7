"""The review site and the cache at archive scale: 1,000 generated flows.

Run by hand from the repository root (the cold build takes minutes on 2 cores):

    PYTHONPATH=src .venv/bin/python bench/bench_site.py            # 1,000 flows
    PYTHONPATH=src .venv/bin/python bench/bench_site.py --count 200

Measures, each a cold CLI under /usr/bin/time (``bench/run.py``'s ``cli``): the cold site build
(empty cache; CPU time above wall time means both cores worked), a rebuild with nothing changed,
a rebuild after one flow changed (target < 10 s), and `check` / `compare` of the same folder cold
and warm. The reference in the same run is the cold build: each warm figure is also given as a
ratio of it. Writes the results block of docs/performance.md between the bench-site markers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from generate import write_corpus  # noqa: E402
from run import DOC, RESULTS, cli, machine  # noqa: E402

START, END = "<!-- bench-site:start -->", "<!-- bench-site:end -->"
TARGET_REBUILD = 10.0


def change_one(path: Path) -> None:
    """An edit a department makes: the title of one flow."""
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(\n  title: )(.*)", r"\1\2(改)", text, count=1), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args(argv)
    work = RESULTS / "site"
    shutil.rmtree(work, ignore_errors=True)
    corpus, out, cache = work / "corpus", work / "site", work / "cache"
    write_corpus(corpus, args.count)
    site = ["site", str(corpus), "-o", str(out), "--cache", str(cache)]
    rows = []

    def measure(name: str, argv: list[str], target: str = "", ok=(0,)) -> dict:
        result = cli(argv, 1, ok=ok)
        result["name"], result["target"] = name, target
        rows.append(result)
        print(f"{name}: {result['wall']:.2f} s wall, {result['cpu'] or 0:.2f} s CPU", flush=True)
        return result

    info = machine()
    cold = measure("`flowmap site` cold (empty cache)", site)
    measure("`flowmap site` again, nothing changed", site)
    change_one(sorted(corpus.glob("*.yaml"))[args.count // 2])
    measure("`flowmap site` after one flow changed", site, f"< {TARGET_REBUILD:.0f} s")
    check = ["check", str(corpus), "--fail-on", "never", "--cache", str(cache)]
    measure("`flowmap check` cold (its own cache entries empty)", check)
    measure("`flowmap check` again", check)
    compare = ["compare", str(corpus), "--only", "summary", "--cache", str(cache)]
    measure("`flowmap compare --only summary` cold", compare)
    measure("`flowmap compare --only summary` again", compare)
    info["load_after"] = os.getloadavg()[0]
    (RESULTS / "site.json").write_text(json.dumps({"machine": info, "rows": rows}, indent=2), encoding="utf-8")
    write_doc(info, rows, cold["wall"], args.count)


def write_doc(info: dict, rows: list[dict], reference: float, count: int) -> None:
    when = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M+00:00")
    lines = [START,
             f"Measured {when} on {info.get('cores')} cores, load average {info['load_before']:.2f} before, "
             f"{info['load_after']:.2f} after (the machine is shared: wall above CPU means other work ran). "
             f"{count:,} generated flows (bench/generate.py); reference = the cold build in the same run.",
             "",
             "| measurement | target | wall | CPU | CPU / wall | wall / cold build | verdict |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for row in rows:
        cpu = row["cpu"] or 0.0
        verdict = ""
        if row["target"]:
            verdict = "OK" if row["ok"] and row["wall"] < TARGET_REBUILD else "MISSED"
        elif not row["ok"]:
            verdict = f"exit {row['exit']}"
        lines.append(f"| {row['name']} | {row['target'] or '–'} | {row['wall']:.2f} s | {cpu:.2f} s | "
                     f"{cpu / row['wall']:.2f} | {row['wall'] / reference:.3f} | {verdict} |")
    lines.append(END)
    text = DOC.read_text(encoding="utf-8")
    block = "\n".join(lines)
    if START in text:
        text = text[:text.index(START)] + block + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n## The review site and the cache\n\n" + block + "\n"
    DOC.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
