"""What a rule is: a pure check function with explicit metadata, and the docs read from it.

A rule's docstring is its documentation, under fixed headings (Why, Bad, Good, Fix) as sqlfluff
and ruff document theirs. Defining a rule registers nothing: the registry is an explicit list in
``flowmap.rules.registry``.
"""

from __future__ import annotations

import inspect
import re
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from flowmap.rules.findings import Finding, Severity

if TYPE_CHECKING:
    from flowmap.rules.context import Context

Check = Callable[["Rule", "Context"], Iterable[Finding]]
CODE_RE = re.compile(r"^FM\d{3}$")
SECTIONS = ("Why", "Bad", "Good", "Fix")


@dataclass(frozen=True)
class Rule:
    """One check. ``check`` is None only for a rule the engine applies itself (stale acceptance)."""

    code: str
    name: str
    severity: Severity
    basis: str
    family: str
    check: Check | None
    doc: str

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0].strip()

    def section(self, heading: str) -> str:
        """The text under one heading of the docstring (Why, Bad, Good, Fix), prose unwrapped."""
        text = doc_sections(self.doc).get(heading, "")
        return text if "```" in text else unwrap(text)

    def run(self, ctx: "Context") -> Iterator[Finding]:
        if self.check is not None:
            yield from self.check(self, ctx)

    def cited(self, ctx: "Context") -> str:
        """The rule's basis as the flow's profile cites it (its own basis under the seeds' profile)."""
        return ctx.profile.cite(self.code, self.basis)

    def finding(self, ctx: "Context", *, line: int, message: str, fix: str, step: str | None = None,
                party: str | None = None, items: Iterable[str] = (), subject: str = "",
                severity: Severity | None = None, basis: str | None = None,
                question: bool = False) -> Finding:
        """A finding of this rule; ``items`` are item ids, turned into labels here."""
        labels = tuple(ctx.label(i) for i in items)
        return Finding(
            file=ctx.flow.source, line=line, code=self.code,
            severity=self.severity if severity is None else severity, flow=ctx.flow.submission.id,
            message=message, fix=fix,
            basis=self.cited(ctx) if basis is None else basis, step=step, party=party, items=labels,
            subject=subject, party_name=ctx.parties[party].name if party in ctx.parties else "",
            question=question,
        )


def doc_sections(doc: str) -> dict[str, str]:
    """Split a docstring into its headed sections; text before the first heading is ``""``."""
    sections: dict[str, list[str]] = {"": []}
    current = ""
    for line in inspect.cleandoc(doc).splitlines():
        match = re.fullmatch(r"(\w+):\s*", line)
        if match and match.group(1) in SECTIONS:
            current = match.group(1)
            sections[current] = []
        else:
            sections[current].append(line)
    return {k: textwrap.dedent("\n".join(v)).strip("\n") for k, v in sections.items()}


def unwrap(text: str) -> str:
    """Join a paragraph's wrapped lines: no space between two Japanese characters, else one."""
    out = ""
    for line in text.splitlines():
        line = line.strip()
        if not line:
            out += "\n\n"
        elif not out or out.endswith("\n"):
            out += line
        else:
            out += line if not (out[-1].isascii() or line[0].isascii()) else " " + line
    return out.strip()


def yaml_block(text: str) -> str:
    """The YAML inside a section's ```yaml fence (the Bad/Good snippets)."""
    match = re.search(r"```yaml\n(.*?)```", text, re.S)
    return inspect.cleandoc(match.group(1)) if match else ""


def rule(code: str, name: str, severity: Severity, basis: str) -> Callable[[Check], Rule]:
    """Wrap a check function into a Rule; the function's docstring is the rule's documentation."""
    if not CODE_RE.match(code):
        raise ValueError(f"rule code {code!r} must be FM and three digits")

    def wrap(check: Check) -> Rule:
        doc = inspect.cleandoc(check.__doc__ or "")
        missing = [s for s in SECTIONS if s not in doc_sections(doc)]
        if missing:
            raise ValueError(f"{code}: docstring lacks {', '.join(missing)}")
        family = check.__module__.rsplit(".", 1)[-1]
        return Rule(code, name, severity, basis, family, check, doc)

    return wrap
