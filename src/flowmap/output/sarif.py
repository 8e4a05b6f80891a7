"""SARIF 2.1.0 output: one run, the rule catalogue as the driver's rules, one result per finding
located at the YAML line of its step or party. Accepted findings carry an external suppression.

A gap (指摘) is a result of kind "fail" with the level of its severity. A question (確認事項) is a
result of kind "review" (a person must look); SARIF 2.1.0 (§3.27.9) then requires level "none",
so code-scanning tools list it without counting it as an error or warning.

Files are relative URIs under the base id ``SRCROOT`` (the folder flowmap ran in); a file outside
it is given relative to ``FSROOT`` (the file system's root), so no absolute or ``../`` path is
written into a ``uri``. A file that could not be loaded is a tool execution notification of the
invocation, at its file, line and column, and makes the invocation unsuccessful.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath
from typing import Sequence
from urllib.parse import quote

from flowmap import __version__
from flowmap.flow.profiles import Profile, default_profile
from flowmap.flow.loading import STDIN_NAME
from flowmap.flow.yamlread import Problem
from flowmap.rules.findings import Severity
from flowmap.rules.docs import rule_markdown
from flowmap.rules.registry import RULES

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {Severity.HIGH: "error", Severity.MEDIUM: "warning", Severity.LOW: "note", Severity.INFO: "note"}


def uri(file: str) -> str:
    """A relative URI reference for a file name as the user gave it (Japanese names escaped)."""
    return quote(PurePath(file).as_posix())


def driver_rules(profile: Profile | None = None) -> list[dict]:
    """The rule catalogue. Under the seeds' profile, the full documentation; under any other, the
    summary and fix in that municipality's words and its citations (the Why and the examples
    speak of the seeds: ``flowmap explain`` prints them)."""
    if profile is None or profile.id == "shinjuku":
        return [{
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": r.summary},
            "fullDescription": {"text": r.section("Why") or r.summary},
            "help": {"text": f"{r.section('Fix')}\n根拠: {r.basis}", "markdown": rule_markdown(r)},
            "defaultConfiguration": {"level": LEVEL[r.severity]},
            "properties": {"severity": r.severity.name.lower(), "basis": r.basis, "family": r.family},
        } for r in RULES]
    speak, out = profile.words.speak, []
    for r in RULES:
        summary, fix, basis = speak(r.summary), speak(r.section("Fix")), profile.cite(r.code, r.basis)
        out.append({
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": summary},
            "fullDescription": {"text": summary},
            "help": {"text": f"{fix}\n根拠: {basis}", "markdown": f"**{r.code} {r.name}**: {summary}\n\n{fix}\n\n根拠: {basis}"},
            "defaultConfiguration": {"level": LEVEL[r.severity]},
            "properties": {"severity": r.severity.name.lower(), "basis": basis, "family": r.family},
        })
    return out


def shared_profile(reports) -> Profile | None:
    """The profile the rule catalogue is written for: the one every report was checked under;
    the national baseline's neutral words when they differ; None (the seeds' own documentation)
    when there are none."""
    found = {r.profile.id: r.profile for r in reports if r.profile is not None}
    if len(found) > 1:
        return default_profile()
    return next(iter(found.values()), None)


def artifact(file: str) -> dict:
    """An artifactLocation: the path relative to SRCROOT, or to FSROOT when outside it."""
    if file == STDIN_NAME:
        return {"description": {"text": "標準入力"}}
    absolute = Path(os.path.abspath(file))
    try:
        return {"uri": uri(str(absolute.relative_to(Path.cwd()))), "uriBaseId": "SRCROOT"}
    except ValueError:
        return {"uri": uri(absolute.as_posix().lstrip("/")), "uriBaseId": "FSROOT"}


def notification(problem: Problem) -> dict:
    """A file that could not be loaded, as SARIF reports a tool's trouble with its input."""
    return {
        "level": "error",
        "descriptor": {"id": "load-error"},
        "message": {"text": problem.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": artifact(problem.file),
            "region": {"startLine": max(problem.line, 1), "startColumn": max(problem.column, 1)},
        }}],
    }


def to_sarif(reports, problems: Sequence[Problem] = ()) -> dict:
    index = {r.code: i for i, r in enumerate(RULES)}
    results = []
    for report in reports:
        for f in report.findings:
            result = {
                "ruleId": f.code,
                "ruleIndex": index[f.code],
                "kind": "review" if f.question else "fail",
                "level": "none" if f.question else LEVEL[f.severity],
                "message": {"text": f"{f.message} 対処: {f.fix}"},
                "locations": [{"physicalLocation": {
                    "artifactLocation": artifact(f.file),
                    "region": {"startLine": max(f.line, 1)},
                }}],
                "partialFingerprints": {"flowmapFindingId/v1": f.id},
                "properties": {
                    "flow": f.flow, "step": f.step, "party": f.party, "items": list(f.items),
                    "basis": f.basis, "severity": f.severity.name.lower(), "question": f.question, "findingKind": f.kind,
                    "mergedIds": [p.id for p in f.parts],
                },
            }
            if f.accepted:
                result["suppressions"] = [{"kind": "external", "status": "accepted", "justification": f.accepted_reason}]
            results.append(result)
    notifications = [notification(p) for p in problems]
    bases = {"SRCROOT": {"description": {"text": "flowmap を実行したフォルダ"}}}
    if any(loc["physicalLocation"]["artifactLocation"].get("uriBaseId") == "FSROOT"
           for entry in [*results, *notifications] for loc in entry["locations"]):
        bases["FSROOT"] = {"uri": "file:///"}
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "flowmap", "version": __version__, "rules": driver_rules(shared_profile(reports))}},
            "invocations": [{"executionSuccessful": not problems, "toolExecutionNotifications": notifications}],
            "originalUriBaseIds": bases,
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }
