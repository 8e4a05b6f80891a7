"""SARIF 2.1.0 output: one run, the rule catalogue as the driver's rules, one result per finding
located at the YAML line of its step or party. Accepted findings carry an external suppression.

A gap (指摘) is a result of kind "fail" with the level of its severity. A question (確認事項) is a
result of kind "review" (a person must look); SARIF 2.1.0 (§3.27.9) then requires level "none",
so code-scanning tools list it without counting it as an error or warning.
"""

from __future__ import annotations

from pathlib import PurePath
from urllib.parse import quote

from flowmap import __version__
from flowmap.flow.profiles import Profile
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
    """The profile every report was checked under, if they share one (None: mixed or none)."""
    found = {r.profile.id: r.profile for r in reports if r.profile is not None}
    return next(iter(found.values())) if len(found) == 1 else None


def to_sarif(reports) -> dict:
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
                    "artifactLocation": {"uri": uri(f.file)},
                    "region": {"startLine": max(f.line, 1)},
                }}],
                "partialFingerprints": {"flowmapFindingId/v1": f.id},
                "properties": {
                    "flow": f.flow, "step": f.step, "party": f.party, "items": list(f.items),
                    "basis": f.basis, "severity": f.severity.name.lower(), "question": f.question, "findingKind": f.kind,
                },
            }
            if f.accepted:
                result["suppressions"] = [{"kind": "external", "status": "accepted", "justification": f.accepted_reason}]
            results.append(result)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "flowmap", "version": __version__, "rules": driver_rules(shared_profile(reports))}},
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }
