"""Measure flowmap at corpus scale and write the results into docs/performance.md.

Run by hand from the repository root (it takes a few minutes and uses both cores):

    PYTHONPATH=src .venv/bin/python bench/run.py            # full run, 5/3 repeats
    PYTHONPATH=src .venv/bin/python bench/run.py --quick    # 1 repeat, smaller sizes

Every CLI measurement is a fresh interpreter (``python -m flowmap ...``) under /usr/bin/time, so
it includes start-up and imports; wall time, CPU time and peak memory are the medians of the
repeats. Commands that do not exist yet are reported as such. Results also go to
bench/results/results.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

from generate import write_corpus, write_flow  # noqa: E402

from flowmap.cli import COMMANDS  # noqa: E402

RESULTS = ROOT / "bench" / "results"
DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
TIME = "/usr/bin/time"


def machine() -> dict:
    def run(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout
        except OSError:
            return ""

    lscpu = run(["lscpu"])
    model = re.search(r"Model name:\s*(.+)", lscpu)
    mem = re.search(r"Mem:\s+(\S+)", run(["free", "-h"]))
    return {
        "cores": run(["nproc"]).strip(),
        "cpu": model.group(1).strip() if model else platform.processor(),
        "memory": mem.group(1) if mem else "?",
        "python": platform.python_version(),
        "os": platform.platform(),
        "load_before": os.getloadavg()[0],
    }


def cli(args: list[str], repeats: int, cwd: Path = ROOT, ok: tuple[int, ...] = (0,)) -> dict:
    """Median wall/CPU seconds and peak RSS of ``python -m flowmap ARGS`` run ``repeats`` times.

    ``ok`` are the exit codes that mean the command did its job (check exits 1 on findings)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    walls, cpus, rss, code = [], [], [], None
    for _ in range(repeats):
        with tempfile.NamedTemporaryFile("r", suffix=".time") as stats:
            cmd = [sys.executable, "-m", "flowmap", *args]
            if Path(TIME).exists():
                cmd = [TIME, "-f", "%e %U %S %M", "-o", stats.name, *cmd]
            start = time.perf_counter()
            proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
            wall = time.perf_counter() - start
            code = proc.returncode
            fields = stats.read().split()[-4:] if Path(TIME).exists() else []
        walls.append(wall)
        if len(fields) == 4:
            cpus.append(float(fields[1]) + float(fields[2]))
            rss.append(int(fields[3]) / 1024)
    return {
        "wall": statistics.median(walls),
        "cpu": statistics.median(cpus) if cpus else None,
        "rss_mb": statistics.median(rss) if rss else None,
        "exit": code,
        "ok": code in ok,
        "runs": repeats,
    }


def in_process_load(path: Path, repeats: int) -> dict:
    """load_flow + build_graph (+ analysis once it exists) in this process, size limit lifted."""
    import flowmap.flow.loading as loading
    import flowmap.flow.yamlread as yamlread
    from flowmap.flow.graph import build_graph

    analyse = _analysis()
    limit, yamlread.MAX_BYTES = yamlread.MAX_BYTES, 1 << 40
    try:
        times = {"load": [], "graph": [], "analyse": []}
        for _ in range(repeats):
            gc.collect()  # the previous repeat's flow must not be collected inside this timing
            t0 = time.perf_counter()
            flow = loading.load_flow(path)
            t1 = time.perf_counter()
            build_graph(flow)
            t2 = time.perf_counter()
            times["load"].append(t1 - t0)
            times["graph"].append(t2 - t1)
            if analyse is not None:
                analyse(flow)
                times["analyse"].append(time.perf_counter() - t2)
            del flow
    finally:
        yamlread.MAX_BYTES = limit
    return {k: statistics.median(v) if v else None for k, v in times.items()}


def _analysis():
    """The analysis entry point, if the analysis has landed (None otherwise)."""
    try:
        import flowmap.rules.analysis as analysis  # type: ignore[import-not-found]
    except ImportError:
        return None
    return getattr(analysis, "analyse", None)


def available(command: str) -> bool:
    return command in COMMANDS


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="flowmap benchmark")
    parser.add_argument("--quick", action="store_true", help="one repeat, sizes up to 4k steps")
    parser.add_argument("--corpus", type=int, default=1000)
    parser.add_argument("--parties-only", action="store_true",
                        help="only the parties axis (1k–16k parties, 200 steps) and its section of the doc")
    args = parser.parse_args(argv)
    if args.parties_only:
        return parties_axis(args.quick)
    small, big = (1, 1) if args.quick else (5, 3)
    sizes = [1000, 2000, 4000] if args.quick else [1000, 2000, 4000, 8000, 10000, 16000]
    RESULTS.mkdir(parents=True, exist_ok=True)
    seeds = sorted((ROOT / "flows").glob("*.yaml"))
    seed = seeds[0]
    out: dict = {"machine": machine(), "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="minutes")}
    say = lambda *a: print(*a, file=sys.stderr, flush=True)  # noqa: E731

    say("--help …")
    out["help"] = cli(["--help"], small)
    say("cold validate/check of", seed.name, "…")
    out["validate_seed"] = cli(["validate", str(seed)], small)
    out["check_seed"] = cli(["check", str(seed)], small, ok=(0, 1)) if available("check") else None

    corpus = RESULTS / f"corpus-{args.corpus}"
    if not corpus.exists() or len(list(corpus.glob("*.yaml"))) != args.corpus:
        say(f"generating {args.corpus} flows …")
        shutil.rmtree(corpus, ignore_errors=True)
        write_corpus(corpus, args.corpus)
    out["corpus_count"] = args.corpus
    out["corpus_bytes"] = sum(p.stat().st_size for p in corpus.glob("*.yaml"))
    say("corpus validate …")
    out["validate_corpus_j1"] = cli(["validate", "-j", "1", str(corpus)], big)
    out["validate_corpus"] = cli(["validate", str(corpus)], big)
    out["check_corpus_j1"] = cli(["check", "-j", "1", str(corpus)], big, ok=(0, 1)) if available("check") else None
    out["check_corpus"] = cli(["check", str(corpus)], big, ok=(0, 1)) if available("check") else None

    out["big"] = []
    for steps in sizes:
        path = RESULTS / f"big-{steps}.yaml"
        if not path.exists():
            say(f"generating a {steps}-step flow …")
            write_flow(path, steps)
        say(f"{steps} steps …")
        row = {"steps": steps, "bytes": path.stat().st_size, **in_process_load(path, big)}
        row["validate_cli"] = cli(["validate", str(path)], big)
        row["check_cli"] = cli(["check", str(path)], big, ok=(0, 1)) if available("check") else None
        out["big"].append(row)

    out["render"] = []
    if available("render"):
        with tempfile.TemporaryDirectory() as tmp:
            for flow in seeds:
                say("render", flow.name, "…")
                out["render"].append({"flow": flow.name, **cli(
                    ["render", str(flow), "--out", tmp, "--format", "svg"], small)})
    out["machine"]["load_after"] = os.getloadavg()[0]
    (RESULTS / "results.json").write_text(json.dumps(out, ensure_ascii=False, indent=2))
    write_doc(out)
    say(f"written {DOC.relative_to(ROOT)} and {RESULTS.relative_to(ROOT)}/results.json")


def growth(sizes: list[float], times: list[float]) -> float:
    """The exponent k of time ~ size^k, fitted by least squares on the logarithms (1 is linear,
    2 quadratic): the figure that says whether a pass scales, whatever the machine's speed."""
    import math

    xs, ys = [math.log(x) for x in sizes], [math.log(max(y, 1e-6)) for y in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


PARTIES_START, PARTIES_END = "<!-- bench-parties:start -->", "<!-- bench-parties:end -->"
PARTY_STEPS = 200


def cpu_load_and_analyse(path: Path, repeats: int) -> dict:
    """CPU seconds (smallest of ``repeats``) of load_flow and of the analysis, size limit lifted."""
    import flowmap.flow.loading as loading
    import flowmap.flow.yamlread as yamlread

    analyse = _analysis()
    limit, yamlread.MAX_BYTES = yamlread.MAX_BYTES, 1 << 40
    try:
        load, analysis = [], []
        for _ in range(repeats):
            gc.collect()
            t0 = time.process_time()
            flow = loading.load_flow(path)
            t1 = time.process_time()
            if analyse is not None:
                analyse(flow)
            analysis.append(time.process_time() - t1)
            load.append(t1 - t0)
            del flow
    finally:
        yamlread.MAX_BYTES = limit
    return {"load": min(load), "analyse": min(analysis) if analyse is not None else None}


def parties_axis(quick: bool) -> None:
    """Load and analysis of flows of 1k–16k parties (200 steps each), in process, with the growth
    exponent of each pass; the steps axis beside it comes from the same generator. Written into
    its own section of docs/performance.md and to bench/results/parties.json."""
    sizes = [1000, 2000, 4000] if quick else [1000, 2000, 4000, 8000, 16000]
    steps_sizes = [1000, 2000, 4000] if quick else [1000, 2000, 4000, 8000]
    repeats = 1 if quick else 2
    RESULTS.mkdir(parents=True, exist_ok=True)
    rows = {"parties": [], "steps": []}
    for axis, values in (("parties", sizes), ("steps", steps_sizes)):
        for n in values:
            path = RESULTS / (f"parties-{n}.yaml" if axis == "parties" else f"big-{n}.yaml")
            if not path.exists():
                print(f"generating {n} {axis} …", file=sys.stderr, flush=True)
                write_flow(path, PARTY_STEPS, parties=n) if axis == "parties" else write_flow(path, n)
            print(f"{n} {axis} …", file=sys.stderr, flush=True)
            rows[axis].append({"n": n, "bytes": path.stat().st_size, **cpu_load_and_analyse(path, repeats)})
    result = {"date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="minutes"), "machine": machine(), **rows}
    for axis in rows:
        for key in ("load", "analyse"):
            points = [(r["n"], r[key]) for r in rows[axis] if r.get(key)]
            result[f"{axis}_{key}_exponent"] = growth(*zip(*points)) if len(points) > 1 else None
    (RESULTS / "parties.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    m = result["machine"]
    lines = [PARTIES_START,
             f"Measured {result['date']} on {m['cores']} cores, load average {m['load_before']:.2f} "
             "(shared machine). In process: CPU seconds of this process (not wall time, which the "
             "machine's other work inflates) for load_flow (parse, validate, references) and the "
             f"analysis, the smallest of {repeats}; the parties axis holds steps at {PARTY_STEPS}.", ""]
    for axis, label in (("parties", "parties"), ("steps", "steps")):
        lines += [f"| {label} | file | load_flow | analysis |", "| --- | --- | --- | --- |"]
        lines += [f"| {r['n']:,} | {r['bytes'] / 1e6:.1f} MB | {r['load']:.2f} s | "
                  f"{(r['analyse'] or 0):.2f} s |" for r in rows[axis]]
        exps = [result[f"{axis}_{k}_exponent"] for k in ("load", "analyse")]
        lines += [f"| growth exponent | | {exps[0]:.2f} | {exps[1]:.2f} |" if None not in exps else "", ""]
    lines += ["An exponent near 1 is linear; 2 would be quadratic (check was 2.0 in parties before "
              "issue 17: 1k parties 13.6 s, 2k 56 s).", PARTIES_END]
    block = "\n".join(lines)
    text = DOC.read_text(encoding="utf-8")
    if PARTIES_START not in text:
        text += f"\n## Parties axis\n\n{PARTIES_START}\n{PARTIES_END}\n"
    before, rest = text.split(PARTIES_START, 1)
    DOC.write_text(before + block + rest.split(PARTIES_END, 1)[1], encoding="utf-8")
    print(f"written {DOC.relative_to(ROOT)} and {RESULTS.relative_to(ROOT)}/parties.json", file=sys.stderr)


def _t(m: dict | None, key: str = "wall") -> str:
    if m is None:
        return "コマンド未実装"
    value = m.get(key)
    if value is None:
        return "–"
    fail = "" if m.get("ok", True) else f" (exit {m['exit']})"
    return f"{value:.3f} s{fail}"


def _mb(m: dict | None) -> str:
    return f"{m['rss_mb']:.0f} MB" if m and m.get("rss_mb") else "–"


def _verdict(m: dict | None, target: float) -> str:
    if m is None:
        return "未測定"
    if not m.get("ok", True):
        return "失敗"
    return "OK" if m["wall"] < target else "未達"


def write_doc(r: dict) -> None:
    m = r["machine"]
    lines = [
        START,
        f"Measured {r['date']} on {m['cores']} cores ({m['cpu']}), {m['memory']} memory, "
        f"Python {m['python']}; load average {m['load_before']:.2f} before, {m['load_after']:.2f} after "
        "(the machine is shared: wall times above the CPU times mean other work was running).",
        "",
        "| measurement | target | wall (median) | CPU | peak RSS | verdict |",
        "| --- | --- | --- | --- | --- | --- |",
        f"| `flowmap --help` (cold) | < 0.3 s | {_t(r['help'])} | {_t(r['help'], 'cpu')} | {_mb(r['help'])} | {_verdict(r['help'], 0.3)} |",
        f"| `flowmap validate` one seed flow (cold) | < 0.5 s | {_t(r['validate_seed'])} | {_t(r['validate_seed'], 'cpu')} | {_mb(r['validate_seed'])} | {_verdict(r['validate_seed'], 0.5)} |",
        f"| `flowmap check` one seed flow (cold) | < 0.5 s | {_t(r['check_seed'])} | {_t(r['check_seed'], 'cpu')} | {_mb(r['check_seed'])} | {_verdict(r['check_seed'], 0.5)} |",
        f"| `flowmap validate -j 1` {r['corpus_count']:,} flows | – | {_t(r['validate_corpus_j1'])} | {_t(r['validate_corpus_j1'], 'cpu')} | {_mb(r['validate_corpus_j1'])} | |",
        f"| `flowmap validate` {r['corpus_count']:,} flows (all cores) | < 10 s | {_t(r['validate_corpus'])} | {_t(r['validate_corpus'], 'cpu')} | {_mb(r['validate_corpus'])} | {_verdict(r['validate_corpus'], 10)} |",
        f"| `flowmap check -j 1` {r['corpus_count']:,} flows | – | {_t(r['check_corpus_j1'])} | {_t(r['check_corpus_j1'], 'cpu')} | {_mb(r['check_corpus_j1'])} | |",
        f"| `flowmap check` {r['corpus_count']:,} flows (all cores) | < 10 s | {_t(r['check_corpus'])} | {_t(r['check_corpus'], 'cpu')} | {_mb(r['check_corpus'])} | {_verdict(r['check_corpus'], 10)} |",
        "",
        f"The corpus: {r['corpus_count']:,} generated flows (bench/generate.py, seeds 0–{r['corpus_count'] - 1}), {r['corpus_bytes'] / 1e6:.1f} MB.",
        "",
        "Single flows of S steps (bench/generate.py, seed 0). In-process times are load_flow "
        "(parse, validate, references) and build_graph with the size limit lifted; the CLI "
        "column is a cold `flowmap validate` (the loader refuses files over 8 MiB).",
        "",
        "| steps | file | load_flow | per 1k steps | build_graph | analysis | CLI validate (cold) | CLI check (cold) | peak RSS (validate) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in r["big"]:
        analysis = f"{row['analyse']:.3f} s" if row.get("analyse") is not None else "未実装"
        lines.append(
            f"| {row['steps']:,} | {row['bytes'] / 1e6:.1f} MB | {row['load']:.3f} s | "
            f"{row['load'] / row['steps'] * 1000:.3f} s | {row['graph']:.3f} s | {analysis} | "
            f"{_t(row['validate_cli'])} | {_t(row['check_cli'])} | {_mb(row['validate_cli'])} |"
        )
    lines += ["", "Render of each flow in flows/ (cold `flowmap render FLOW --out DIR --format svg`, "
              "Graphviz included):", ""]
    if r["render"]:
        lines += ["| flow | wall | CPU | peak RSS |", "| --- | --- | --- | --- |"]
        lines += [f"| {x['flow']} | {_t(x)} | {_t(x, 'cpu')} | {_mb(x)} |" for x in r["render"]]
    else:
        lines.append("`flowmap render` does not exist yet on this branch: not measured.")
    lines.append(END)
    block = "\n".join(lines)
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else f"# Performance\n\n{START}\n{END}\n"
    if START not in text:
        text += f"\n{START}\n{END}\n"
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    tmp = DOC.with_suffix(".md.tmp")
    tmp.write_text(before + block + after, encoding="utf-8")
    tmp.replace(DOC)


if __name__ == "__main__":
    main()
