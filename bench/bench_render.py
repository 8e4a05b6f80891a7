"""Render speed against Graphviz's own ``dot`` on the same DOT, in the same run.

    PYTHONPATH=src .venv/bin/python bench/bench_render.py [--repeats 3]

For each seed flow and for generated flows of 100, 300, 1,000 and 2,000 steps: the in-process
``render_flow`` time for PDF+SVG on the default paper (layout, repair rounds, drawing, paper
pages; best of the repeats; the drawing limit lifted for the big ones) and the time ``dot -Tsvg`` takes on the DOT of each page that was
written (summed over the pages; best of the repeats). Targets (issue 14): a seed's render
≤ 2 × dot + 0.1 s; 300 steps < 2 s; 1,000 steps < 5 s and linear. The table goes between the
render markers of docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

from generate import write_flow  # noqa: E402

from flowmap.flow import loading  # noqa: E402
from flowmap.render import output  # noqa: E402
from flowmap.render.output import prepare, render_flow  # noqa: E402

DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- render-bench:start -->", "<!-- render-bench:end -->"
SIZES = (100, 300, 1000, 2000)


def best(repeats: int, run) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def cpu() -> tuple[float, float]:
    """CPU seconds so far of this process and of its finished children (Graphviz)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def measure(path: Path, repeats: int, out: Path) -> dict:
    flow = loading.load_flow(path)
    before = cpu()
    render_flow(flow, out, path.stem, ("svg", "pdf"))
    after = cpu()
    seconds = best(repeats, lambda: render_flow(flow, out, path.stem, ("svg", "pdf")))
    prepared = prepare(flow)
    dots = [page.dot.encode("utf-8") for page in prepared.pages]
    dot = best(repeats, lambda: [subprocess.run(["dot", "-Tsvg"], input=d, capture_output=True, check=True)
                                 for d in dots])
    return {"flow": path.stem, "steps": len(flow.steps), "pages": len(dots), "paper": prepared.paper.label,
            "render": seconds, "dot": dot, "smallest": min(prepared.smallest_pt()),
            "python_cpu": after[0] - before[0], "graphviz_cpu": after[1] - before[1]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="generated flow sizes (steps)")
    args = parser.parse_args(argv)
    loading.MAX_BYTES = 1 << 40
    # the speed targets go past what `render` agrees to draw (MAX_DRAWN_STEPS): lifted here
    output.MAX_DRAWN_STEPS = output.MAX_DRAWN_PARTIES = 1 << 30
    sizes = [int(v) for v in args.sizes.split(",") if v]
    rows = []
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for path in sorted((ROOT / "flows").glob("*.yaml")):
            rows.append(measure(path, args.repeats, out))
            print(rows[-1], file=sys.stderr, flush=True)
        for steps in sizes:
            path = write_flow(out / f"generated-{steps}.yaml", steps, seed=1)
            rows.append(measure(path, 1 if steps > 300 else args.repeats, out))
            print(rows[-1], file=sys.stderr, flush=True)
    lines = [f"Measured {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC on {os.cpu_count()} cores; load average "
             f"{load[0]:.2f} before, {os.getloadavg()[0]:.2f} after. CPU: of one render, flowmap's own (Python) and "
             "Graphviz's (its processes), so what the wall time would be on an idle machine can be read off.", "",
             "| flow | steps | pages | paper | smallest text | render (s) | CPU Python + Graphviz (s) | "
             "dot on the same DOT (s) | render / dot | target | met |", "|---|---:|---:|---|---:|---:|---:|---:|---:|---|---|"]
    for row in rows:
        if row["flow"].startswith("generated"):
            limit = {300: 2.0, 1000: 5.0}.get(row["steps"])
            target = f"< {limit:g} s" if limit else "(linearity)"
            met = "yes" if limit is None or row["render"] < limit else "NO"
            if limit is None:
                met = "–"
        else:
            limit = 2 * row["dot"] + 0.1
            target = f"≤ 2×dot + 0.1 = {limit:.2f} s"
            met = "yes" if row["render"] <= limit else "NO"
        lines.append(f"| {row['flow']} | {row['steps']} | {row['pages']} | {row['paper']} | {row['smallest']:.1f} pt | "
                     f"{row['render']:.2f} | {row['python_cpu']:.2f} + {row['graphviz_cpu']:.2f} | {row['dot']:.2f} | {row['render'] / row['dot']:.1f} | {target} | {met} |")
    generated = {r["steps"]: r for r in rows if r["flow"].startswith("generated")}
    per_step = ", ".join(f"{n}: {generated[n]['render'] / n * 1000:.1f} ms" for n in sizes if n in generated)
    lines += ["", f"Render time per step (linearity): {per_step}."]
    text = DOC.read_text(encoding="utf-8")
    block = START + "\n" + "\n".join(lines) + "\n" + END
    if START in text:
        text = text[:text.index(START)] + block + text[text.index(END) + len(END):]
    else:
        text = text.rstrip() + "\n\n## Render on paper (issue 14)\n\n" + block + "\n"
    DOC.write_text(text, encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
