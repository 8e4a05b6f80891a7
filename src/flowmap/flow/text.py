"""What text a flow may hold, decided once at loading so that no output can fail on it later.

A submission is Japanese prose: it never needs control characters (but tab and line feed),
lone surrogates, noncharacters (U+FFFE …), or the invisible marks that reverse the direction of
text or break lines outside the line feed. YAML escapes (``"\\e"``, ``"\\ud800"``) and a few
raw characters the YAML readers accept would carry them in; Graphviz, XML (drawio, xlsx) and
terminals then break or are fooled. They are refused with the place and the character, not
cleaned silently: the flow records what the submission says.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Iterator

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(17))
# what YAML readers take as printable but a flow may not hold
_PRINTABLE_TO_YAML = "\ufeff\x85\u2028\u2029\u202a-\u202e\u2066-\u2069" + _NONCHARACTERS
# refused in any key or value: controls but tab and line feed (CR too: YAML folds line ends),
# line/paragraph separators, bidirectional overrides, lone surrogates, noncharacters
REFUSED = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_PRINTABLE_TO_YAML}]")
# what may bring a refused character into the parsed data: a YAML escape or such a character
MAY_HOLD_REFUSED = re.compile(f"[\\\\{_PRINTABLE_TO_YAML}]")


def describe(char: str) -> str:
    """U+001B (ESCAPE) — the code point and, where Unicode has one, its name."""
    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        name = "制御文字"
    elif 0xD800 <= code <= 0xDFFF:
        name = "対になっていないサロゲート"
    else:
        name = unicodedata.name(char, "非文字")
    return f"U+{code:04X}({name})"


def refused_text(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(path, message) of each key or string value holding a refused character."""
    if isinstance(data, dict):
        for key, value in data.items():
            here = path + (key,)
            if isinstance(key, str) and (found := REFUSED.search(key)):
                yield here, _message(found.group())
            yield from refused_text(value, here)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from refused_text(value, path + (index,))
    elif isinstance(data, str) and (found := REFUSED.search(data)):
        yield path, _message(found.group())


def _message(char: str) -> str:
    return f"使えない文字 {describe(char)}があります。削除してください"
