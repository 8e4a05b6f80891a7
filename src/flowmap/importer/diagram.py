"""The diagram's words (資料X-1 as text, seed 001): numbered steps with medium, transport,
frequency and timing, the items a party collects, and the boxes of safeguards.

The text of a diagram has lost its arrows, so who sends and who receives is inferred from the
step's verb (提供, 返却, 配布 …); a step whose verb says nothing is marked TODO.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flowmap.importer.text import normalise
from flowmap.flow.model import CIRCLED, PRIMES

_NUMBER_RE = re.compile(rf"^((?:[{CIRCLED}][{PRIMES}]*)+)\s*")
_PAREN_RE = re.compile(r"\(([^()]*)\)")

MEDIA = [("usb", r"USB"), ("dvd_r", r"DVD"), ("cd_r", r"CD-R"),
         ("email", r"電子メール|メール"), ("file_transfer", r"ファイル転送|ファイル送受信"),
         ("online_storage", r"オンラインストレージ|クラウドストレージ"),
         ("multifunction_printer", r"複合機"), ("scanner", r"スキャナ"),
         ("lent_tablet", r"貸与(する|した)?タブレット"), ("paper", r"紙|書類|名簿"),
         ("phone", r"TEL|電話"), ("l2wan", r"L2WAN"), ("lgwan", r"LGWAN"),
         ("internet", r"インターネット"), ("dedicated_line", r"専用線"), ("tablet", r"タブレット"),
         ("pc", r"パソコン|PC"), ("system", r"システム"), ("mail_item", r"郵便物|封書|はがき")]
TRANSPORTS = [("hand_delivery", r"手渡し|手交"), ("tracked_post", r"簡易書留|書留"),
              ("post", r"郵送"), ("mailbox", r"ポスト投函"), ("phone", r"TEL|電話"),
              ("web", r"Web|WEB|ウェブ"), ("network", r"回線|L2WAN|LGWAN|インターネット|専用線|メール|ファイル転送"),
              ("counter", r"窓口|対面"), ("courier", r"宅配|運送")]
FREQUENCIES = [("three_times_monthly", r"月3回"), ("monthly", r"月1回|毎月"), ("daily", r"毎日"),
               ("weekly", r"毎週|週1回"), ("yearly", r"年1回|毎年"), ("as_needed", r"随時")]
# verb → (kind, from-role, to-role); roles are resolved by the builder
KINDS = [
    ("return", r"返却|返還", "contractor", "ward"),
    ("erase", r"消去|削除|廃棄", "contractor", None),
    ("report", r"報告", "contractor", "ward"),
    ("external_link", r"結合", "ward", "external"),
    ("deliver", r"配布|配達|送付|発送|投函", "contractor", "subjects"),
    ("collect", r"手続|申込|申し込|問い合わせ|問合せ|予約|受付|回答", "subjects", "contractor"),
    ("provide", r"提供|受渡|引渡|送信|受け渡", "ward", "contractor"),
    ("process", r"抽出|印字|梱包|封入|入力|作成|集計|登録|印刷", None, None),
]


def first_code(table: list[tuple[str, str]], text: str) -> str | None:
    return next((code for code, pattern in table if re.search(pattern, text)), None)


@dataclass
class DiagramStep:
    no: str
    label: str
    kind: str | None
    roles: tuple[str | None, str | None]
    medium: str | None
    transport: str | None
    frequency: str | None
    when: str | None
    before: list[str]            # the lines just above the step (a system's name, bullets)
    after: list[str]             # the paragraph just below
    line: int


@dataclass
class Diagram:
    steps: list[DiagramStep] = field(default_factory=list)
    collected: dict[str, list[str]] = field(default_factory=dict)   # group label → items
    boxes: list[list[str]] = field(default_factory=list)            # "- ・" safeguard boxes
    edge_bullets: dict[str, list[str]] = field(default_factory=dict)  # step no → bullets above
    text: str = ""


def _paragraphs(free: list[tuple[int, str]]) -> list[tuple[int, list[str]]]:
    """Consecutive lines of the free text as paragraphs (a gap in line numbers ends one)."""
    out: list[tuple[int, list[str]]] = []
    last = -2
    for number, raw in free:
        text = normalise(raw)
        if not text:
            continue
        if number == last + 1 and out:
            out[-1][1].append(text)
        else:
            out.append((number, [text]))
        last = number
    return out


def read_diagram(free: list[tuple[int, str]]) -> Diagram:
    diagram = Diagram(text="\n".join(normalise(t) for _, t in free))
    paragraphs = _paragraphs(free)
    for index, (line, lines) in enumerate(paragraphs):
        # a box of bullets "- ・…" is a party's list of safeguards
        if all(l.startswith("- ・") or l.startswith("-・") for l in lines):
            diagram.boxes.append([l.lstrip("-・ ") for l in lines])
            continue
        if lines[0].endswith("取得する個人情報") or lines[0] == "取得する個人情報":
            label = lines[0]
            prev = paragraphs[index - 1][1] if index else []
            bracket = re.fullmatch(r"【(.+)】", prev[-1]) if prev else None
            if bracket and label == "取得する個人情報":
                label = f"{bracket.group(1)}で{label}"
            names = lines[1:] or (paragraphs[index + 1][1] if index + 1 < len(paragraphs) else [])
            items = [n.strip() for n in re.split(r"[・、,]", "".join(names)) if n.strip()]
            if items:
                diagram.collected[label] = items
            continue
        start = next((i for i, l in enumerate(lines) if _NUMBER_RE.match(l)), None)
        if start is None:
            continue
        before = lines[:start]
        if index and not before:
            before = paragraphs[index - 1][1]
        after = paragraphs[index + 1][1] if index + 1 < len(paragraphs) else []
        if any(_NUMBER_RE.match(l) for l in after):
            after = []   # the next paragraph is another step's: its system name is not ours
        step = _read_step(lines[start], lines[start + 1:], before, after, line + start)
        diagram.steps.append(step)
        bullets = [b.lstrip("・ ") for b in before if b.startswith("・") or b.startswith("を利用")]
        if bullets:
            diagram.edge_bullets[step.no] = bullets
    return diagram


def _main_verb(label: str) -> str | None:
    """The kind named by the label's last verb: Japanese puts the main verb at the end
    (対象者への配布情報の提供 is a 提供, 未配達・再配達の手続き a 手続き)."""
    best, best_end = None, -1
    for kind, pattern, _, _ in KINDS:
        for match in re.finditer(pattern, label):
            if match.end() > best_end:
                best, best_end = kind, match.end()
    return best


def _read_step(first: str, rest: list[str], before: list[str], after: list[str], line: int) -> DiagramStep:
    match = _NUMBER_RE.match(first)
    no = match.group(1).replace("′", "'").replace("’", "'")
    text = first[match.end():] + "".join(rest)
    medium = transport = frequency = when = None
    kept = []
    for inner in _PAREN_RE.findall(text):
        m, t, f = first_code(MEDIA, inner), first_code(TRANSPORTS, inner), first_code(FREQUENCIES, inner)
        if m or t:
            medium, transport = medium or m, transport or t
        elif f:
            frequency = f
        elif re.search(r"\d", inner):
            when = inner
        else:
            kept.append(inner)
    label = _PAREN_RE.sub("", text).strip() or text
    kind = _main_verb(label)
    roles = next(((a, b) for k, _, a, b in KINDS if k == kind), (None, None))
    if medium == "phone" and kind in (None, "process"):
        kind, roles = "collect", ("subjects", "contractor")
    return DiagramStep(no, label, kind, roles, medium, transport, frequency, when, before, after, line)
