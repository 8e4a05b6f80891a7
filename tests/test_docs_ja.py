"""The Japanese user guide (docs/ja) says what flowmap does: its worked example validates, checks
clean and renders; every message quoted in よくある間違い is what flowmap prints for that mistake;
its vocabulary tables are current; every command is in コマンド一覧; the README links it first."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from flowmap.cli import COMMANDS
from flowmap.cli.new import starter_text
from flowmap.flow.vocabulary import vocabulary_markdown

from conftest import ROOT

JA = ROOT / "docs" / "ja"
GUIDE = JA / "02-flow-no-kakikata.md"
MISTAKES = JA / "04-yokuaru-machigai.md"
COMMANDS_DOC = JA / "03-commands.md"
NAME = "005-tsuchi.yaml"

# the mistakes of よくある間違い, each as a change to the starter of `flowmap new flows/005-tsuchi.yaml`
CHANGES: dict[str, list[tuple[str, str]]] = {
    "tab": [("    kind: contractor\n", "\tkind: contractor\n")],
    "full-width space": [("    kind: contractor\n", "\u3000\u3000kind: contractor\n")],
    "unclosed quote": [("    label: 対象者情報の提供\n", '    label: "対象者情報の提供\n')],
    "colon in a value": [("    label: 通知の発送\n    kind: deliver", "    label: 通知の発送: 郵送\n    kind: deliver")],
    "number": [('  - no: "②"', "  - no: 2"), ('  - no: "③"', '  - no: "(3)"')],
    "repeated number": [('  - no: "③"', '  - no: "②"')],
    "label for a code": [("    kind: contractor\n", "    kind: 委託先\n"), ("    medium: usb    ", "    medium: USBメモリ    "),
                         ("    transport: hand_delivery", "    transport: 手渡し"),
                         ("safeguards: [encrypted_medium, password_separate", "safeguards: [暗号化機能付き記録媒体, password_separate")],
    "party id": [("    to: residents", "    to: resident")],
    "item": [("    items: [氏名, 住所]\n    medium: mail_item", "    items: [氏名, 住居]\n    medium: mail_item")],
    "key": [("    frequency: once\n    safeguards", "    frequncy: once\n    safeguards")],
    "values": [("  subjects:\n", "  date: 2025-02-30\n  subjects:\n"), ("    count: 1000", "    count: 1,000")],
    "several": [("    kind: contractor\n", "    kind: 委託先\n"), ("    transport: post", "    transport: 郵送"),
                ("    to: residents", "    to: resident")],
}


def _starter() -> str:
    return starter_text(str(ROOT / "flows" / NAME), "005-tsuchi", "健診案内の発送業務の委託について", "新宿区", "健康づくり課")


def _validate(folder: Path, text: str) -> list[str]:
    (folder / NAME).write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "flowmap", "validate", NAME], cwd=folder,
                            capture_output=True, text=True, timeout=120)
    return [line for line in result.stderr.splitlines() if line.startswith(f"{NAME}:")]


def _quoted_messages() -> set[str]:
    blocks = re.findall(r"```text\n(.*?)```", MISTAKES.read_text(encoding="utf-8"), re.S)
    return {line for block in blocks for line in block.splitlines() if line.startswith(f"{NAME}:")}


def test_every_quoted_message_is_what_flowmap_prints(tmp_path):
    quoted = _quoted_messages()
    printed: set[str] = set()
    for name, changes in CHANGES.items():
        text = _starter()
        if name in ("tab", "full-width space", "unclosed quote", "colon in a value"):
            changes = changes[:1]  # a syntax error stops at the first: one change per run
        for old, new in changes:
            assert old in text, (name, old)
            if name not in ("number", "label for a code", "values"):
                text = text.replace(old, new, 1)
            else:  # each on its own, as the guide shows them one by one
                lines = _validate(tmp_path, text.replace(old, new, 1))
                assert lines, (name, new)
                printed.update(lines)
        if name not in ("number", "label for a code", "values"):
            lines = _validate(tmp_path, text)
            assert lines, name
            printed.update(lines)
    printed.update(_validate(tmp_path, _starter().replace("    kind: contractor\n", "\u3000\u3000kind: contractor\n", 1)))
    assert quoted <= printed, sorted(quoted - printed)
    assert printed <= quoted, f"not in the guide: {sorted(printed - quoted)}"


def _worked_example() -> str:
    text = GUIDE.read_text(encoding="utf-8")
    return re.search(r"<!-- 例: 完成.*?-->\n```yaml\n(.*?)```", text, re.S).group(1)


def test_the_worked_example_validates_checks_clean_and_renders(tmp_path):
    flow = tmp_path / "flows" / NAME
    flow.parent.mkdir()
    flow.write_text(_worked_example(), encoding="utf-8")
    run = [sys.executable, "-m", "flowmap"]
    assert subprocess.run([*run, "validate", str(flow)], capture_output=True, timeout=120).returncode == 0
    checked = subprocess.run([*run, "check", str(flow)], capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0 and "指摘・確認事項なし" in checked.stdout, checked.stdout
    if shutil.which("dot"):
        drawn = subprocess.run([*run, "render", str(flow), "--out", str(tmp_path / "r"), "--format", "svg"],
                               capture_output=True, text=True, timeout=300)
        assert drawn.returncode == 0, drawn.stderr
        assert "健診案内の送付" in (tmp_path / "r" / "005-tsuchi.svg").read_text(encoding="utf-8")


def test_every_yaml_snippet_of_the_guide_parses():
    yaml = YAML(typ="safe")
    for page in sorted(set(JA.glob("*.md")) - {MISTAKES}):  # よくある間違い shows broken YAML on purpose
        for snippet in re.findall(r"```yaml\n(.*?)```", page.read_text(encoding="utf-8"), re.S):
            yaml.load(snippet)


def test_the_vocabulary_tables_are_current():
    text = GUIDE.read_text(encoding="utf-8")
    current = re.search(r"<!-- vocabulary:start -->\n(.*?)<!-- vocabulary:end -->", text, re.S).group(1)
    assert current == vocabulary_markdown(), "run: python -m flowmap.flow.vocabulary and paste it between the markers"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_is_in_the_command_list(command):
    assert f"### flowmap {command}" in COMMANDS_DOC.read_text(encoding="utf-8")


def test_the_readme_links_the_guide_first():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_link = re.search(r"\]\(([^)]+)\)", readme).group(1)
    assert first_link == "docs/ja/README.md"
    for page in ("01-hajimeni.md", "02-flow-no-kakikata.md", "03-commands.md", "04-yokuaru-machigai.md"):
        assert f"]({page})" in (JA / "README.md").read_text(encoding="utf-8")
