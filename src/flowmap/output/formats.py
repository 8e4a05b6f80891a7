"""Output formats for findings, chosen by name from ``FORMATTERS`` (text, json, markdown, sarif).

Each formatter takes the reports of one run (one per flow file) and returns the whole text. The
SARIF formatter lives in ``flowmap.output.sarif``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable, Sequence

from flowmap import __version__
from flowmap.flow.profiles import Profile
from flowmap.flow.yamlread import Problem
from flowmap.rules.findings import Finding, Severity, gaps, questions
from flowmap.output.escape import markdown as _cell
from flowmap.output.escape import terminal
from flowmap.output.textwidth import display_width, pad


@dataclass(frozen=True)
class Report:
    """The findings of one flow file."""

    file: str
    flow: str
    title: str
    findings: tuple[Finding, ...] = field(default_factory=tuple)
    profile: Profile | None = None    # the municipality profile the flow was checked under


def counts(findings: list[Finding] | tuple[Finding, ...]) -> dict[str, int]:
    """Open gaps (指摘) per severity, open questions (確認事項) apart, and accepted findings."""
    open_ = [f for f in findings if not f.accepted]
    out = {s.name.lower(): sum(1 for f in gaps(open_) if f.severity == s) for s in reversed(Severity)}
    out["questions"] = len(questions(open_))
    out["accepted"] = sum(1 for f in findings if f.accepted)
    return out


def summary_line(findings) -> str:
    c = counts(findings)
    parts = "・".join(f"{s.label} {c[s.name.lower()]}" for s in reversed(Severity))
    return f"指摘 {parts}、確認事項 {c['questions']}(承認済み {c['accepted']})"


def where(f: Finding) -> str:
    bits = [f"手順{f.step}" if f.step else "", f.party_name or f.party or ""]
    return " ".join(b for b in bits if b)


def _text_rows(group: list[Finding], step_w: int, party_w: int) -> list[str]:
    out = [f"    {pad('コード', 6)} {pad('行', 5)} {pad('手順', step_w)} {pad('当事者', party_w)} id"]
    for f in group:
        mark = " (承認済み)" if f.accepted else ""
        out.append(f"    {pad(f.code, 6)} {pad(str(f.line), 5)} {pad(f.step or '', step_w)} "
                   f"{pad(f.party_name or f.party or '', party_w)} {f.id}{mark}")
        out.append(f"      {f.message}")
        out.append(f"      対処: {f.fix}")
        out.append(f"      根拠: {f.basis}")
        merged = [p.id for p in f.parts if p.id != f.id]
        if merged:  # the ids an earlier acceptance may name
            out.append(f"      統合: {'、'.join(merged)}")
        if f.accepted_reason:  # accepted, or 一部承認済み (some merged parts accepted)
            out.append(f"      承認: {f.accepted_reason}")
    return out


def text(reports: list[Report], problems: Sequence[Problem] = ()) -> str:
    """A table per flow: the gaps (指摘) grouped by severity (worst first), then the questions
    (確認事項) in their own section; each row's message, fix and basis indented below it."""
    out: list[str] = []
    for report in reports:
        out.append(f"■ {report.file}  {report.flow}  {report.title}")
        if not report.findings:
            out.append("  指摘・確認事項なし")
        step_w = max([display_width(f.step or "") for f in report.findings] + [4])
        party_w = max([display_width(f.party_name or f.party or "") for f in report.findings] + [6])
        found_gaps = gaps(report.findings)
        for severity in reversed(Severity):
            group = [f for f in found_gaps if f.severity == severity]
            if group:
                out.append(f"  [指摘 {severity.label}] {len(group)} 件")
                out += _text_rows(group, step_w, party_w)
        asked = questions(report.findings)
        if asked:
            out.append(f"  [確認事項] {len(asked)} 件(図と表からは判断できない点。重要度の集計に含めない)")
            out += _text_rows(asked, step_w, party_w)
        out.append(f"  計: {summary_line(report.findings)}")
        out.append("")
    all_findings = [f for r in reports for f in r.findings]
    out.append(f"全 {len(reports)} フロー: {summary_line(all_findings)}")
    return "\n".join(map(terminal, out)) + "\n"  # each entry one terminal line, whatever the flow says


def finding_dict(f: Finding) -> dict:
    return {
        "id": f.id, "code": f.code, "kind": f.kind, "severity": f.severity.name.lower(),
        "severity_label": f.severity.label, "flow": f.flow, "file": f.file, "line": f.line, "step": f.step,
        "party": f.party, "party_name": f.party_name, "items": list(f.items), "message": f.message, "fix": f.fix,
        "basis": f.basis, "question": f.question, "accepted": f.accepted, "accepted_reason": f.accepted_reason,
        # the findings merged into this one, with the ids an earlier acceptance may name
        "parts": [{"id": p.id, "code": p.code, "severity": p.severity.name.lower(), "message": p.message,
                   "basis": p.basis} for p in f.parts],
    }


def problem_dict(p: Problem) -> dict:
    return {"file": p.file, "line": p.line, "column": p.column, "message": p.message}


def as_json(reports: list[Report], problems: Sequence[Problem] = ()) -> str:
    """The findings per flow, and under ``errors`` every problem of a file that could not be
    loaded (so a pipeline sees the failure, not just a missing flow)."""
    data = {
        "tool": "flowmap", "version": __version__,
        "flows": [{"file": r.file, "flow": r.flow, "title": r.title, "summary": counts(r.findings),
                   "findings": [finding_dict(f) for f in gaps(r.findings) + questions(r.findings)]}
                  for r in reports],
        "summary": counts([f for r in reports for f in r.findings]),
        "errors": [problem_dict(p) for p in problems],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _markdown_table(group: list[Finding]) -> list[str]:
    out = ["| 重要度 | コード | 手順 | 当事者 | 内容 | 対処 | 根拠 | 行 |", "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for f in group:
        label = f.severity.label + ("(承認済み)" if f.accepted else "")
        out.append("| " + " | ".join(_cell(c) for c in (
            label, f.code, f.step or "", f.party_name or f.party or "", f.message, f.fix, f.basis, str(f.line))) + " |")
    return out + [""]


def markdown(reports: list[Report], problems: Sequence[Problem] = ()) -> str:
    out = ["# flowmap check の結果", ""]
    if problems:
        out += ["## 読み込めなかったファイル", "", "| ファイル | 行 | 列 | 内容 |", "| --- | --- | --- | --- |"]
        out += [f"| {_cell(p.file)} | {p.line} | {p.column} | {_cell(p.message)} |" for p in problems]
        out.append("")
    for report in reports:
        out += [f"## {_cell(report.title)}", "", f"{_cell(report.file)} ({_cell(report.flow)}) — {summary_line(report.findings)}", ""]
        if not report.findings:
            out += ["指摘・確認事項なし", ""]
            continue
        found_gaps = sorted(gaps(report.findings), key=lambda f: -f.severity)
        if found_gaps:
            out += ["### 指摘", ""] + _markdown_table(found_gaps)
        asked = questions(report.findings)
        if asked:
            out += ["### 確認事項", "", "図と表からは判断できない点(重要度の集計に含めない)。", ""] + _markdown_table(asked)
    return "\n".join(out)


def sarif(reports: list[Report], problems: Sequence[Problem] = ()) -> str:
    from flowmap.output.sarif import to_sarif

    return json.dumps(to_sarif(reports, problems), ensure_ascii=False, indent=2) + "\n"


FORMATTERS: dict[str, Callable[[list[Report], Sequence[Problem]], str]] = {
    "text": text,
    "json": as_json,
    "markdown": markdown,
    "sarif": sarif,
}
