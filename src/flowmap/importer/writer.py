"""Writing a draft: ruamel.yaml in the layout of the hand-made flows, to a temp file renamed
into place, so a failed write never leaves half a file and an existing flow is never replaced
unless asked."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Callable

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from flowmap.output.atomic import write_atomic
from flowmap.importer.build import Draft

HEADER = (
    "# flowmap import が提出文書から作成した下書き。\n"
    "# TODO で始まる値は読み取れなかった箇所です。確認して書き換えてください。\n"
)
_FLOW_STYLE_KEYS = {"location", "applied", "not_needed", "legal_basis", "certifications"}


def _commented(value, key: str | None = None):
    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = _commented(v, k)
        if key in _FLOW_STYLE_KEYS:
            out.fa.set_flow_style()
        return out
    if isinstance(value, list):
        seq = CommentedSeq(_commented(v) for v in value)
        if key in _FLOW_STYLE_KEYS or (key in ("items", "media", "safeguards", "needs")
                                         and all(isinstance(v, str) for v in value)):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, dt.date):  # quoted, so that YAML 1.1 tools read a string as well
        return DoubleQuotedScalarString(value.isoformat())
    return value


def dump_draft(draft: Draft) -> str:
    data = _commented(draft.data)
    for item in data.get("items", []):
        item.fa.set_flow_style()
    yaml = YAML()
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return HEADER + buffer.getvalue()


def write_draft(draft: Draft, path: str | Path, force: bool = False,
                check: Callable[[Path], None] | None = None) -> None:
    """Write the draft to ``path`` atomically; refuse to replace a file unless ``force``.

    ``check`` is called on the temporary file before it is renamed into place (the CLI loads
    it with ``load_flow``), so a draft that would not load is never left behind.
    """
    path = Path(path)
    if path.exists() and not force:
        raise FileExistsError(str(path))
    text = dump_draft(draft)

    def check_then_guard(temp: Path) -> None:
        if check is not None:
            check(temp)
        if path.exists() and not force:  # appeared while we were writing
            raise FileExistsError(str(path))

    write_atomic(path, text, check_then_guard)
