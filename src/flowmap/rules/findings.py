"""A finding: one gap the analysis found, as a small frozen, sortable value.

Rules produce findings; formatters, the renderer and the comparison read them. The id is
derived from the rule and its subject (flow, step number or party, items), never from the order
in which rules ran, so a reviewer's acceptance survives edits elsewhere in the file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import IntEnum


class Severity(IntEnum):
    """Ordered: a threshold such as ``--fail-on medium`` means "this or worse"."""

    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3

    @property
    def label(self) -> str:
        return {0: "情報", 1: "低", 2: "中", 3: "高"}[self.value]

    @classmethod
    def parse(cls, name: str) -> "Severity":
        return cls[name.upper()]


@dataclass(frozen=True, order=True)
class Finding:
    """What a rule reports. Sorted by file, line, code so that output diffs cleanly."""

    file: str
    line: int
    code: str
    severity: Severity
    flow: str                      # the submission id
    message: str                   # Japanese, for ward staff
    fix: str                       # Japanese: what would close the gap
    basis: str = ""                # the clause / checklist line / guideline it rests on
    step: str | None = None        # the step number as the diagram writes it (②')
    party: str | None = None       # party id
    items: tuple[str, ...] = ()    # item labels concerned
    subject: str = field(default="", compare=False)  # what the id is derived from, if not step/party
    accepted: bool = field(default=False, compare=False)
    accepted_reason: str = field(default="", compare=False)
    party_name: str = field(default="", compare=False)  # the party's name as the flow writes it
    question: bool = field(default=False, compare=False)  # 確認事項: the model cannot decide (else a 指摘, a gap)
    parts: tuple["Finding", ...] = field(default=(), compare=False)  # the findings merged into this one

    @property
    def kind(self) -> str:
        """"gap" (指摘: something unsafe stated, or something required missing) or "question"
        (確認事項: the model cannot decide). Every output keeps the two apart."""
        return "question" if self.question else "gap"

    @property
    def codes(self) -> tuple[str, ...]:
        """Its own code and the codes of the findings merged into it."""
        return tuple(dict.fromkeys((self.code, *(p.code for p in self.parts))))

    @property
    def kind_label(self) -> str:
        return "確認事項" if self.question else "指摘"

    @property
    def id(self) -> str:
        """Stable id: the code and a short hash of what the finding is about."""
        subject = self.subject or f"{self.step or ''}|{self.party or ''}"
        digest = hashlib.sha1(f"{self.code}|{self.flow}|{subject}".encode()).hexdigest()[:8]
        return f"{self.code}-{digest}"


def gaps(findings) -> list[Finding]:
    """The 指摘 among ``findings`` (what severity summaries and ``--fail-on`` count)."""
    return [f for f in findings if not f.question]


def questions(findings) -> list[Finding]:
    """The 確認事項 among ``findings`` (listed after the gaps, counted apart)."""
    return [f for f in findings if f.question]
