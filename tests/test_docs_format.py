"""docs/format.md stays true to the code: its vocabulary tables are the generated ones."""

from __future__ import annotations

from conftest import ROOT
from flowmap.flow.vocabulary import vocabulary_markdown


def test_vocabulary_section_is_current():
    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    section = text.split("<!-- vocabulary:start -->\n")[1].split("<!-- vocabulary:end -->")[0]
    assert section == vocabulary_markdown(), "regenerate: python -m flowmap.flow.vocabulary (see docs/format.md)"
