"""The hostile sweep: thousands of generated hostile inputs through every output path, in process.

Run by hand from the repository root (the full run takes tens of minutes on two cores):

    PYTHONPATH=src .venv/bin/python bench/hostile_sweep.py                # 10,000 inputs a path
    PYTHONPATH=src .venv/bin/python bench/hostile_sweep.py --count 200    # a quick look

Flow inputs are mutations of small valid flows: hostile text in every kind of field (forged
lines, ESC/BEL/CR, formulas, HTML and markdown links, YAML escapes of control characters, lone
surrogates and noncharacters), the YAML spec's odd constructs (directives, anchors and aliases,
tags, complex and empty keys, document markers, a BOM in the middle, YAML 1.1 booleans), absurd
numbers and sizes, and plain damage (lines dropped, doubled, cut, bytes inserted). Each goes
through validate, check (text, json, markdown, sarif), render (svg, png, pdf, dot, drawio, one
run), tables (markdown, html, xlsx), diff (text, markdown, json) and compare (text, markdown,
csv, json); submission texts (mutated seed texts) go through import. Each run is judged for:

- traceback: an exception escaping the command, or "Traceback" in what it printed;
- forged line: a printed line that starts with the payload's fake ``FORGED.yaml:1:1:``, or an
  ESC, BEL or CR reaching the terminal; for CSV, a row starting so;
- live formula or markup: a CSV cell starting with = + - @ (not neutralised), an xlsx cell typed
  as a formula, unescaped <img>/<script> or a javascript: link in markdown or HTML, an SVG or
  drawio file that is not well-formed XML or holds a script or img element;
- leftover: a temporary file left behind, or an output written although the command failed.

The loader is shared by every path, so it is memoised here (same bytes → same Flow or
FlowError) to keep the run in minutes; every path still runs its own command on every input.
The counts go to bench/results/hostile.json and, with --doc, into docs/performance.md.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from click.testing import CliRunner  # noqa: E402

from flowmap.cli import main  # noqa: E402

DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- hostile:start -->", "<!-- hostile:end -->"
BASES = [ROOT / "tests" / "robustness" / "malformed" / "ok-tiny.yaml", ROOT / "flows" / "001-keitai-toilet.yaml"]
SEEDS = sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt"))
FORGED = "FORGED.yaml:1:1: 偽のメッセージ"

# text a flow may hold, hostile to the outputs (kept valid: quoted as JSON strings)
ALLOWED_PAYLOADS = [
    f"名前\n{FORGED}", '=HYPERLINK("http://example.invalid","押して")', "-2+3+cmd|' /C calc'!A0", "@SUM(1)",
    "+1", "<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "[押して](javascript:alert(1))",
    "**太字** _斜体_ `code` | 表 |", "&lt;b&gt; &amp;", "\t先頭のタブ", "]]><x/>", '"; DROP TABLE', "{{7*7}} ${7*7}",
    "長い" * 900, "①②③", "\\e]0;x\\a",
]
# what a flow may not hold, written as YAML escapes (the readers refuse most of them raw)
REFUSED_ESCAPES = ["\\e]0;title\\a", "\\e[2J", "\\a", "\\r" + FORGED, "\\x9b", "\\ud800", "\\udfff", "\\uFFFE", "\\uFFFF",
                   "\\U0010FFFF", "\\u202E", "\\u2028", "\\uFEFF", "\\x00", "\\x7f", "\\N", "\\L", "\\P"]
ODD_YAML = [
    "%YAML 1.3\n---\n", "%YAML 1.1\n---\n", "%TAG !e! tag:example.com,2000:\n---\n", "---\n", "...\n",
    "? [a, b]\n: x\n", "? \n: x\n", '"": x\n', "&a key: v\n", "!!str key: v\n", "!foo key: v\n",
    "x: &a [1, 2]\ny: *a\n", "x: &s 'scalar'\ny: *s\n", "<<: {a: 1}\n", "no: x\n", "yes: x\n", "\ufeffk: v\n",
    "x: {a: [b, {c: d}], e: f\n", "x: [" * 60 + "]" * 60 + "\n", "- a\n", "x: !!binary aGVsbG8=\n",
    "x: 0x_\n", "x: 2024-02-30\n", "x: .inf\n", "x: ~\n", "\t- x\n", "x: |\n  a\n b\n", "x: >-\n  folded\n",
]
STEP_NUMBERS = ['"(999999)"', '"(20001)"', '"①' + "'" * 30 + '"', '"' + "①" * 500 + '"', '"(51)"', '"⑩"', '"０"', '""']
TEXT_KEYS = ("name:", "label:", "title:", "department:", "note:", "purpose:", "division:", "diagram_ref:")


def flow_inputs(count: int, rng: random.Random):
    """(kind, bytes) of ``count`` hostile flow files."""
    bases = [p.read_text(encoding="utf-8") for p in BASES]
    for n in range(count):
        text = bases[0] if rng.random() < 0.75 else bases[1]
        lines = text.split("\n")
        kind = rng.choice(["payload", "refused", "odd", "odd", "number", "damage", "damage", "damage"])
        for _ in range(rng.randint(1, 3)):
            lines = lines or [""]  # a cut then a drop can leave nothing
            at = rng.randrange(len(lines))
            if kind == "payload":  # valid: a hostile value in a text field
                fields = [i for i, line in enumerate(lines) if line.lstrip(" -").startswith(TEXT_KEYS)]
                i = rng.choice(fields)
                key = lines[i].split(":", 1)[0]
                lines[i] = f"{key}: {json.dumps(rng.choice(ALLOWED_PAYLOADS), ensure_ascii=False)}"
            elif kind == "refused":
                fields = [i for i, line in enumerate(lines) if line.lstrip(" -").startswith(TEXT_KEYS)]
                i = rng.choice(fields)
                key = lines[i].split(":", 1)[0]
                lines[i] = f'{key}: "前{rng.choice(REFUSED_ESCAPES)}後"'
            elif kind == "odd":
                odd = rng.choice(ODD_YAML)
                if odd.startswith(("%", "---")) and rng.random() < 0.7:
                    lines.insert(0, odd.rstrip("\n"))
                else:
                    indent = re.match(r" *", lines[at]).group()
                    lines[at:at] = [indent + part for part in odd.rstrip("\n").split("\n")]
            elif kind == "number":
                numbered = [i for i, line in enumerate(lines) if re.search(r"\bno: ", line)]
                if numbered:
                    i = rng.choice(numbered)
                    lines[i] = re.sub(r'no: "[^"]*"', f"no: {rng.choice(STEP_NUMBERS)}", lines[i])
            else:
                action = rng.choice(["drop", "double", "cut", "bytes", "swap"])
                if action == "drop":
                    del lines[at]
                elif action == "double":
                    lines.insert(at, lines[at])
                elif action == "cut":
                    lines = lines[:at] + [lines[at][: rng.randrange(len(lines[at]) + 1)]]
                elif action == "swap" and at + 1 < len(lines):
                    lines[at], lines[at + 1] = lines[at + 1], lines[at]
        data = "\n".join(lines).encode("utf-8", "surrogatepass")
        if kind == "damage" and rng.random() < 0.3:
            cut = rng.randrange(len(data) + 1)
            data = data[:cut] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 4))) + data[cut:]
        yield kind, data


def text_inputs(count: int, rng: random.Random):
    """Hostile submission texts for import: seed texts with hostile pieces and damage."""
    seeds = [p.read_text(encoding="utf-8") for p in SEEDS]
    pieces = ["①②③④⑤⑥⑦⑧⑨⑩" * 40, "\x1b]0;x\x07", "\ufffe", "&#0;&#xd800;", "<p>" * 40, "（" * 80,
              "\n## 事業の概要\n", "処理させる情報項目の記録媒体\t" + "、".join(["紙", "USBメモリ"] * 300),
              "=HYPERLINK(1)", "\r\n", "\t\t\t", "件 名\t" + "長" * 3000, "②''③③'", "(51)(52)'" * 20]
    for _ in range(count):
        text = rng.choice(seeds)
        for _ in range(rng.randint(1, 5)):
            at = rng.randrange(len(text) + 1)
            roll = rng.random()
            if roll < 0.6:
                text = text[:at] + rng.choice(pieces) + text[at:]
            elif roll < 0.8:
                text = text[:at] + text[at + rng.randint(1, 400):]
            else:
                j = rng.randrange(len(text) + 1)
                text = text[:at] + text[j:j + 300] + text[at:]
        yield "text", text.encode("utf-8", "surrogatepass")


# --- judging ----------------------------------------------------------------------------------

TERMINAL_BAD = re.compile("[\x1b\x07\r]")
MARKUP = re.compile(r"(?<!\\)<(img|script)|(?<!\\)\]\(javascript", re.I)  # in markdown
PAGE_SCRIPTS = 2  # the review page's own <script> elements (its data and its code)


def live_page_markup(page: str) -> bool:
    """Markup in a review page that the flow put there: an element or attribute the page never
    writes itself (img, iframe, object, embed, on… handlers, javascript: links) or a third script."""
    from html.parser import HTMLParser

    class Scan(HTMLParser):
        scripts, live = 0, False

        def handle_starttag(self, tag, attrs):
            self.scripts += tag == "script"
            self.live |= tag in ("img", "iframe", "object", "embed", "foreignobject")
            self.live |= any(name.startswith("on") or (value or "").strip().lower().startswith("javascript:")
                             for name, value in attrs)

    scan = Scan()
    scan.feed(page)
    return scan.live or scan.scripts > PAGE_SCRIPTS
HTML_MARKUP = re.compile(r"<(img|script|a|iframe|object)\b|=\s*[\"']?\s*javascript:", re.I)  # in HTML


def forged(text: str) -> bool:
    return bool(re.search(r"^FORGED", text, re.M) or TERMINAL_BAD.search(text))


def judge_files(folder: Path, failed: bool, written: list[Path]) -> dict:
    found = Counter()
    if any(p.name.endswith(".tmp") for p in folder.rglob("*")):
        found["leftover"] += 1
    if failed and any(p.exists() for p in written):
        found["leftover"] += 1
    for path in written:
        if not path.exists():
            continue
        if path.suffix in (".svg", ".drawio"):
            try:
                tree = ElementTree.fromstring(path.read_bytes())
            except ElementTree.ParseError:
                found["live_markup"] += 1
                continue
            if any(el.tag.rsplit("}", 1)[-1] in ("script", "img", "foreignObject") for el in tree.iter()):
                found["live_markup"] += 1
        elif path.suffix == ".html":  # the review page: its own two scripts, and nothing from the flow
            if live_page_markup(path.read_text(encoding="utf-8")):
                found["live_markup"] += 1
        elif path.suffix == ".xlsx":
            from openpyxl import load_workbook

            try:
                book = load_workbook(path)
            except Exception:  # noqa: BLE001 - a workbook that does not open is a failure too
                found["live_formula"] += 1
                continue
            if any(c.data_type == "f" for ws in book for row in ws.iter_rows() for c in row):
                found["live_formula"] += 1
        elif path.suffix == ".docx":
            from docx import Document

            try:
                Document(str(path))
            except Exception:  # noqa: BLE001 - a document that does not open is a failure
                found["unreadable"] += 1
        elif path.suffix == ".csv":
            rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
            if any(c[:1] in ("=", "+", "-", "@", "\t", "\r") for row in rows for c in row):
                found["live_formula"] += 1
            if any(row and row[0].startswith("FORGED") for row in rows):
                found["forged_line"] += 1
    return found


def run(args: list[str]) -> tuple[int, str, BaseException | None]:
    result = CliRunner().invoke(main, args)
    from flowmap.output.atomic import Terminated

    if isinstance(result.exception, Terminated):  # SIGTERM stops the sweep, not just one command
        raise result.exception
    error = result.exception if result.exception and not isinstance(result.exception, SystemExit) else None
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes is not None else ""), error


PATHS = {
    "validate": lambda f, o, b: (["validate", f], []),
    **{f"check {fmt}": (lambda fmt: lambda f, o, b: (["check", f, "--format", fmt, "--fail-on", "never"], []))(fmt)
       for fmt in ("text", "json", "markdown", "sarif")},
    "render svg,png,pdf,dot,drawio": lambda f, o, b: (
        ["render", f, "--out", str(o), "--format", "svg,png,pdf,dot,drawio"],
        [o / f"in.{e}" for e in ("svg", "png", "pdf", "dot", "drawio")]),
    "render html": lambda f, o, b: (["render", f, "--out", str(o), "--format", "html"], [o / "in.html"]),
    "tables markdown": lambda f, o, b: (["tables", f, "--format", "markdown"], []),
    "tables html": lambda f, o, b: (["tables", f, "--format", "html"], []),
    "tables xlsx": lambda f, o, b: (["tables", f, "--format", "xlsx", "-o", str(o / "t.xlsx")], [o / "t.xlsx"]),
    **{f"diff {fmt}": (lambda fmt: lambda f, o, b: (["diff", b, f, "--format", fmt], []))(fmt)
       for fmt in ("text", "markdown", "json")},
    **{f"compare {fmt}": (lambda fmt: lambda f, o, b: (["compare", b, f, "--format", fmt], []))(fmt)
       for fmt in ("text", "markdown", "json")},
    "compare csv": lambda f, o, b: (["compare", b, f, "--format", "csv", "-o", str(o / "c.csv")], [o / "c.csv"]),
    "report docx": lambda f, o, b: (["report", f, "-o", str(o / "r.docx")], [o / "r.docx"]),
    "site": lambda f, o, b: (["site", f, "-o", str(o / "site"), "--cache", "off"],
                             [o / "site" / name for name in ("index.html", "compare.html", "flows/in.html")]),
}
MARKUP_PATHS = {"check markdown", "tables markdown", "tables html", "diff markdown", "compare markdown"}


def memoise_loader():
    """Same bytes, same result: the loader runs once per input instead of once per path."""
    import flowmap.flow.loading as loading
    from flowmap.flow.yamlread import FlowError

    real, cache = loading.load_flow, {}

    def load_flow(path, display=None):
        path = Path(path)
        key = (path.read_bytes() if path.is_file() else str(path), display or str(path))
        if key not in cache:
            try:
                cache[key] = real(path, display)
            except FlowError as err:
                cache[key] = err
            if len(cache) > 64:
                cache.pop(next(iter(cache)))
        if isinstance(cache[key], FlowError):
            raise cache[key]
        return cache[key]

    patched = [module for name, module in list(sys.modules.items())
               if name.startswith("flowmap") and getattr(module, "load_flow", None) is real]
    for module in patched:
        module.load_flow = load_flow

    def restore() -> None:
        for module in patched:
            module.load_flow = real

    return restore


def sweep(count: int, seed: int, parts: tuple[str, ...] = ("flows", "import"), on_progress=None,
          only: tuple[str, ...] = ()) -> dict:
    """Run the sweep (through the ``only`` paths when named); ``on_progress`` gets the counts so
    far every 250 inputs (a long run that is stopped still reports what it did)."""
    rng = random.Random(seed)
    paths = {name: make for name, make in PATHS.items() if not only or name in only or name == "validate"}
    counts = {path: Counter() for path in [*(paths if "flows" in parts else ()), *(["import"] if "import" in parts else [])]}
    examples: dict[str, list[str]] = defaultdict(list)
    kinds = Counter()
    seconds: Counter = Counter()
    import flowmap.cli.check, flowmap.cli.compare, flowmap.cli.diff, flowmap.cli.importer  # noqa: E401,F401
    import flowmap.cli.render, flowmap.cli.tables, flowmap.cli.validate  # noqa: E401,F401 (patched below)
    import flowmap.cli.report, flowmap.cli.site  # noqa: E401,F401

    def summary() -> dict:
        return {"count": max([c["inputs"] for c in counts.values()] + [0]), "seed": seed,
                "seconds": round(time.perf_counter() - started), "kinds": dict(kinds),
                "path_seconds": {k: round(v, 1) for k, v in seconds.items()},
                "paths": {k: dict(v) for k, v in counts.items()}, "examples": dict(examples)}

    restore = memoise_loader()
    base = str(BASES[0])
    work = Path(tempfile.mkdtemp(prefix="flowmap-hostile-"))
    started = time.perf_counter()
    try:
        for n, (kind, data) in enumerate(flow_inputs(count if "flows" in parts else 0, rng)):
            kinds[kind] += 1
            flow = work / "in.yaml"
            flow.write_bytes(data)
            valid = None
            for name, make in paths.items():
                out = work / "out"
                shutil.rmtree(out, ignore_errors=True)
                out.mkdir()
                args, written = make(str(flow), out, base)
                began = time.perf_counter()
                code, text, error = run(args)
                seconds[name] += time.perf_counter() - began
                c = counts[name]
                c["inputs"] += 1
                if name == "validate":
                    valid = code == 0
                c["valid" if valid else "refused"] += 1
                c["exit 0"] += code == 0
                problems = judge_files(out, code not in (0, 1), written)
                if error is not None or "Traceback" in text:
                    problems["traceback"] += 1
                if forged(text):  # what any command prints reaches a terminal
                    problems["forged_line"] += 1
                if name in MARKUP_PATHS and (HTML_MARKUP if name.endswith("html") else MARKUP).search(text):
                    problems["live_markup"] += 1
                for what, k in problems.items():
                    c[what] += k
                    if len(examples[f"{name}: {what}"]) < 3:
                        examples[f"{name}: {what}"].append(data.decode("utf-8", "replace")[:300] + f" … {error!r}")
            if n % 100 == 0:
                print(f"{n} / {count} flows, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
            if on_progress and (n + 1) % 250 == 0:
                on_progress(summary())
        for n, (_, data) in enumerate(text_inputs(count if "import" in parts else 0, random.Random(seed + 1))):
            source = work / "in.txt"
            source.write_bytes(data)
            out = work / "out"
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()
            target = out / "draft.yaml"
            code, text, error = run(["import", str(source), "-o", str(target)])
            c = counts["import"]
            c["inputs"] += 1
            problems = judge_files(out, code != 0, [target])
            if error is not None or "Traceback" in text:
                problems["traceback"] += 1
            if TERMINAL_BAD.search(text):
                problems["forged_line"] += 1
            if code == 0:  # the command itself loads the draft before it keeps it
                c["valid"] += 1
                if not target.exists():
                    problems["draft_does_not_load"] += 1
            else:
                c["refused"] += 1
            for what, k in problems.items():
                c[what] += k
                if len(examples[f"import: {what}"]) < 3:
                    examples[f"import: {what}"].append(data.decode("utf-8", "replace")[:300])
            if n % 100 == 0:
                print(f"{n} / {count} texts, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
            if on_progress and (n + 1) % 250 == 0:
                on_progress(summary())
    finally:
        restore()
        shutil.rmtree(work, ignore_errors=True)
    return summary()


COLUMNS = ("inputs", "valid", "refused", "traceback", "forged_line", "live_formula", "live_markup", "leftover")


def merged(results: list[dict]) -> list[dict]:
    """Runs of the same part (side by side, other seeds) added up into one result a part."""
    parts: dict[str, dict] = {}
    for result in results:
        part = "import" if "import" in result["paths"] else "flows"
        into = parts.setdefault(part, {"count": 0, "seconds": 0, "seeds": [], "kinds": Counter(), "paths": {}})
        into["count"] += result["count"]
        into["seconds"] = max(into["seconds"], result["seconds"])
        into["seeds"].append(result["seed"])
        into["kinds"].update(result["kinds"])
        for path, counts in result["paths"].items():
            into["paths"].setdefault(path, Counter()).update(counts)
    return [parts[p] for p in ("flows", "import") if p in parts]


def write_doc(results: list[dict]) -> None:
    results = merged(results)
    lines = [START]
    for result in results:
        what = ("hostile submission texts through `flowmap import`" if "import" in result["paths"] else
                "generated hostile flows (" + ", ".join(f"{k} {v:,}" for k, v in sorted(result["kinds"].items())) + ")")
        seeds = ", ".join(map(str, sorted(result["seeds"])))
        lines.append(f"- {result['count']:,} {what}; seeds {seeds}, {result['seconds']:,} s (runs side by side).")
    lines += ["", "| path | " + " | ".join(COLUMNS) + " |", "|" + " --- |" * (len(COLUMNS) + 1)]
    for result in results:
        for path, c in result["paths"].items():
            lines.append(f"| {path} | " + " | ".join(f"{c.get(k, 0):,}" for k in COLUMNS) + " |")
    lines.append(END)
    text = DOC.read_text(encoding="utf-8")
    if START not in text:
        text += f"\n## Robustness: the hostile sweep\n\n{START}\n{END}\n"
    before, rest = text.split(START, 1)
    DOC.write_text(before + "\n".join(lines) + rest.split(END, 1)[1], encoding="utf-8")


def main_(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="hostile inputs per path (flows, and texts for import)")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--part", choices=["flows", "import", "both"], default="both",
                        help="run one part only (two processes can run the two parts side by side)")
    parser.add_argument("--only", default="", help="comma-separated paths to run (validate always runs)")
    parser.add_argument("--doc", action="store_true",
                        help="write the counts of every part in bench/results into docs/performance.md")
    args = parser.parse_args(argv)
    parts = ("flows", "import") if args.part == "both" else (args.part,)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)

    def save(result: dict) -> None:
        for part in parts:  # one file a part, so that parts run apart can be reported together
            mine = {**result, "paths": {k: v for k, v in result["paths"].items() if (k == "import") == (part == "import")}}
            (out / f"hostile-{part}-{args.seed}.json").write_text(json.dumps(mine, ensure_ascii=False, indent=2), encoding="utf-8")
        if args.doc:
            write_doc([json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.glob("hostile-*.json"))])

    result = sweep(args.count, args.seed, parts, on_progress=save, only=tuple(p for p in args.only.split(",") if p))
    save(result)
    bad = {p: {k: v for k, v in c.items() if k not in ("inputs", "valid", "refused", "exit 0") and v}
           for p, c in result["paths"].items()}
    bad = {p: c for p, c in bad.items() if c}
    print(json.dumps({"paths": result["paths"], "failures": bad}, ensure_ascii=False, indent=1))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main_())
