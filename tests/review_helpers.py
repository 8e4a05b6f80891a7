"""Shared by the review-page tests: a seed flow with hostile text in every free-text field, and
a parse of a page that lists what could run (scripts, event handlers, javascript: URLs)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import io

from ruamel.yaml import YAML

HOSTILE = [
    "<script>window.__pwned=1</script>",
    '"><img src=x onerror="window.__pwned=2">',
    "javascript:window.__pwned=3",
    "</script><script>window.__pwned=4</script>",
    "<svg onload=\"window.__pwned=5\"></svg>",
    "'><a href=\"javascript:window.__pwned=6\">x</a>",
    "{{ 7*7 }}<!--",
]
FREE_TEXT = {"title", "department", "division", "purpose", "name", "label", "note", "when", "text",
             "description", "as_of", "reason", "business", "council", "legal_basis", "approval"}
KEEP = {"items", "groups", "slips"}   # labels (and an item's slips) are referenced by steps, tasks and groups: left as written


def hostile_flow(source: Path, target: Path) -> Path:
    """``source`` with a hostile payload in every free-text field (and in the notes and the
    free-text safeguards added to every step); the file still loads."""
    reader = YAML()   # round trip: YAML 1.2, so `no:` stays a key and dates stay as written
    data = reader.load(source.read_text(encoding="utf-8"))
    counter = iter(range(10**6))

    def payload() -> str:
        return HOSTILE[next(counter) % len(HOSTILE)]

    def walk(node, parent=None):
        if isinstance(node, dict):
            for key, value in list(node.items()):
                if isinstance(value, str) and key in FREE_TEXT and parent not in KEEP:
                    node[key] = value + payload()
                elif isinstance(value, list) and key == "legal_basis":
                    node[key] = [v + payload() for v in value]
                else:
                    walk(value, key if isinstance(value, list) else parent)
        elif isinstance(node, list):
            for value in node:
                walk(value, parent)

    walk(data)
    data["notes"] = list(data.get("notes", [])) + [payload()]
    for step in data.get("steps", []):
        step["safeguards"] = list(step.get("safeguards", [])) + [{"text": payload()}]
    out = io.StringIO()
    reader.dump(data, out)
    target.write_text(out.getvalue(), encoding="utf-8")
    return target


class Executable(HTMLParser):
    """What in a page could run: script elements, on* attributes, javascript: URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[dict] = []
        self.handlers: list[tuple[str, str]] = []
        self.urls: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attributes = dict(attrs)
        if tag == "script":
            self.scripts.append(attributes)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name))
            if name in ("href", "src", "xlink:href", "action", "formaction") and value is not None:
                compact = "".join(value.split()).lower()
                if compact.startswith(("javascript:", "data:text/html", "vbscript:")):
                    self.urls.append(value)


def executable(html: str) -> Executable:
    parser = Executable()
    parser.feed(html)
    parser.close()
    return parser
