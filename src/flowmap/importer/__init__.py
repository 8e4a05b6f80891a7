"""Import: a submission's text (in the form of the seeds) → a draft flow YAML.

``draft_flow(text, flow_id)`` reads the text and returns the draft as data plus the list of
what it could not determine; ``write_draft`` writes it with ruamel.yaml, atomically.
"""

from __future__ import annotations

from flowmap.flow.text import REFUSED
from flowmap.importer.build import Draft, build
from flowmap.importer.document import parse
from flowmap.importer.text import todo
from flowmap.importer.writer import dump_draft, write_draft


# a submission's text is tens of KB; import is linear, so 1 MB still takes seconds, and a larger
# file is not a submission (it is refused with a message before any work)
MAX_IMPORT_BYTES = 1024 * 1024
REPLACEMENT = "\ufffd"


def draft_flow(text: str, flow_id: str) -> Draft:
    """The draft flow of a submission's text. Characters a flow may not hold (control
    characters, lone surrogates, noncharacters …, see ``flowmap.flow.text``) become U+FFFD
    in the draft, visibly and with a TODO, so that every draft loads whatever the text."""
    draft = build(parse(text), flow_id)
    replaced = _replace_refused(draft.data)
    if replaced:
        note = f"本文: 使えない文字(制御文字・非文字など){replaced} 個を {REPLACEMENT} に置き換えました。元の文書を確認してください"
        draft.todos.append(note)
        draft.data.setdefault("notes", []).append(todo(note))  # the loader warns of it, like every TODO
    return draft


def _replace_refused(data) -> int:
    """Replace, in place, every refused character of the draft's strings; the count replaced."""
    count = 0
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in list(items):
        if isinstance(value, str):
            cleaned, n = REFUSED.subn(REPLACEMENT, value)
            if n:
                data[key], count = cleaned, count + n
        else:
            count += _replace_refused(value)
    return count


__all__ = ["MAX_IMPORT_BYTES", "Draft", "draft_flow", "dump_draft", "write_draft"]
