"""Import: a submission's text (in the form of the seeds) → a draft flow YAML.

``draft_flow(text, flow_id)`` reads the text and returns the draft as data plus the list of
what it could not determine; ``write_draft`` writes it with ruamel.yaml, atomically.
"""

from __future__ import annotations

from flowmap.importer.build import Draft, build
from flowmap.importer.document import parse
from flowmap.importer.writer import dump_draft, write_draft


def draft_flow(text: str, flow_id: str) -> Draft:
    """The draft flow of a submission's text."""
    return build(parse(text), flow_id)


__all__ = ["Draft", "draft_flow", "dump_draft", "write_draft"]
