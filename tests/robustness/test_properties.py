"""Property-based robustness: random valid flows always load and graph; random mutations of
them only ever give flowmap's own FlowError, each problem located in the file.

Example counts stay modest (100 a test, see flow_strategies.py; HYPOTHESIS_PROFILE=deep for 2,000);
`--hypothesis-show-statistics` prints how many cases ran.
"""

from __future__ import annotations

import copy
import re
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from flow_strategies import ODD, PROFILE, REFUSED_CHAR, TEXT, dump, flow_dicts, flow_files
from flowmap.flow.fastyaml import fast_parse
from flowmap.flow.graph import build_graph
from flowmap.flow.loading import FlowError, load_flow
from flowmap.flow.yamlread import MAX_DEPTH, _parse_ruamel, parse_yaml



def _load(data: bytes, name: str = "flow.yaml"):
    """load_flow on ``data`` written to a temporary file shown as ``name``."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return load_flow(path, display=name)


@PROFILE
@given(flow_files())
def test_valid_flows_load_and_graph(case):
    flow_data, data = case
    flow = _load(data)
    assert [p.id for p in flow.parties] == [p["id"] for p in flow_data["parties"]]
    assert [s.no for s in flow.steps] == [s["no"] for s in flow_data["steps"]]
    assert [i.label for i in flow.items] == [i["label"] for i in flow_data["items"]]
    graph = build_graph(flow)
    assert graph.number_of_nodes() == len(flow.parties)
    assert graph.number_of_edges() == len(flow.steps)
    for step in flow.steps:  # every carried item resolved to a declared item id
        assert set(step.item_ids) <= {i.id for i in flow.items}


@PROFILE
@given(flow_files())
def test_fast_reader_agrees_with_ruamel(case):
    """Where the libyaml fast path reads a file, it reads exactly what ruamel reads."""
    _, data = case
    text = data.decode("utf-8-sig")
    positions: dict = {}
    fast = fast_parse(text, positions, MAX_DEPTH)
    slow, slow_positions = _parse_ruamel(text, "flow.yaml")
    if fast is not None:
        assert _typed(fast) == _typed(slow)
        assert positions == slow_positions.at


@settings(PROFILE, max_examples=3 * PROFILE.max_examples)
@given(st.one_of(TEXT, ODD, st.text(st.sampled_from("-+.:0123456789_eExobTtFfNnul~<=!&*'\" #\t[]{},"), max_size=12)))
def test_fast_reader_agrees_on_any_scalar(value):
    """The riskiest part of the fast path, scalar typing, against ruamel on arbitrary text."""
    text = f"key: {value}\nnext: 1\n"
    positions: dict = {}
    fast = fast_parse(text, positions, MAX_DEPTH)
    try:
        slow, slow_positions = _parse_ruamel(text, "flow.yaml")
    except FlowError:
        assert fast is None
        return
    if fast is not None:
        assert _typed(fast) == _typed(slow)
        assert positions == slow_positions.at


def _typed(value):
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return type(value).__name__, value


# --- mutations ----------------------------------------------------------------------------

WRONG = st.one_of(st.sampled_from([None, 0, -1, 1.5, True, [], {}, "", "②''", "２", "⑩", "x" * 3000,
                                   {"a": [1]}, [[[]]], "TODO"]), TEXT)


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, path + (index,))


@st.composite
def mutated_data(draw) -> bytes:
    """A valid flow changed in its data: a key deleted, a value of the wrong type, ids swapped."""
    flow = copy.deepcopy(draw(flow_dicts(max_steps=8)))
    paths = [p for p in _paths(flow) if p]
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(paths))
        parent = flow
        try:
            for key in path[:-1]:
                parent = parent[key]
            last = path[-1]
            action = draw(st.sampled_from(["delete", "wrong", "swap", "rename"]))
            if action == "delete":
                del parent[last]
            elif action == "wrong":
                parent[last] = draw(WRONG)
            elif action == "swap" and len(flow["parties"]) > 1:
                a, b = draw(st.permutations(range(len(flow["parties"]))))[:2]
                flow["parties"][a]["id"] = flow["parties"][b]["id"]
            elif action == "rename" and isinstance(parent, dict):
                parent[draw(st.sampled_from(["Id", "lable", "①", "２", "no "]))] = parent.pop(last)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed this path
    return dump(flow, draw(st.sampled_from([False, None]))).encode("utf-8")


@st.composite
def mutated_text(draw) -> bytes:
    """A valid flow file changed as text: truncated, a line dropped or doubled, garbage inserted."""
    _, data = draw(flow_files(max_steps=8))
    text = data.decode("utf-8")
    for _ in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(["truncate", "drop", "double", "insert", "indent"]))
        lines = text.split("\n")
        at = draw(st.integers(0, max(len(text) - 1, 0)))
        line = draw(st.integers(0, len(lines) - 1))
        if action == "truncate":
            text = text[:at]
        elif action == "drop":
            del lines[line]
            text = "\n".join(lines)
        elif action == "double":
            lines.insert(line, lines[line])
            text = "\n".join(lines)
        elif action == "insert":
            text = text[:at] + draw(st.one_of(ODD, TEXT, st.sampled_from(["\x00", "\ufeff", "\x85", ": ", "\n- ", "&a ", "*a", "<<: {}"]))) + text[at:]
        else:
            lines[line] = draw(st.sampled_from(["\t", " ", "   ", "- "])) + lines[line]
            text = "\n".join(lines)
    raw = text.encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(raw)))
        raw = raw[:cut] + draw(st.binary(max_size=4)) + raw[cut:]  # maybe invalid UTF-8
    return raw


def _only_located_errors(data: bytes) -> None:
    try:
        _load(data, "mutant.yaml")
    except FlowError as err:
        assert err.problems
        # lines as YAML counts them: CR, NEL, LS and PS break lines too
        lines = len(re.split("\r\n|[\r\n\x85\u2028\u2029]", data.decode("utf-8", "replace")))
        for problem in err.problems:
            assert problem.file == "mutant.yaml"
            assert 1 <= problem.line <= lines, problem
            assert problem.column >= 1
            assert problem.message.strip()


@PROFILE
@given(mutated_data())
def test_data_mutations_give_located_flow_errors(data):
    _only_located_errors(data)


@PROFILE
@given(mutated_text())
def test_text_mutations_give_located_flow_errors(data):
    _only_located_errors(data)



@settings(PROFILE, max_examples=PROFILE.max_examples // 2)  # analysis and DOT: the slowest
@given(flow_files(), flow_files())
def test_valid_flows_analyse_draw_and_diff(first, second):
    """The analysis, the DOT builder (no Graphviz call) and diff never crash on a valid flow."""
    from flowmap.rules.analysis import analyse
    from flowmap.compare import diff_flows
    from flowmap.rules.findings import Finding
    from flowmap.render import build_dot, build_scene

    old, new = _load(first[1], "old.yaml"), _load(second[1], "new.yaml")
    findings = analyse(old)
    assert all(isinstance(f, Finding) and f.code.startswith("FM") for f in findings)
    dot = build_dot(build_scene(old, findings))
    assert dot.lstrip().startswith(("digraph", "strict digraph"))
    for step in old.steps:  # every step is drawn with its number
        assert str(step.numbers[0]) in dot or step.no in dot
    assert diff_flows(old, old, analyse=False).identical
    changed = diff_flows(old, new, analyse=analyse)
    assert changed.old_file == "old.yaml" and changed.new_file == "new.yaml"


# --- text a flow may not hold (flowmap.flow.text) ------------------------------------------------


def _escaped(char: str) -> str:
    """The YAML double-quoted escape of one character."""
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else (
        f"\\u{ord(char):04x}" if ord(char) < 0x10000 else f"\\U{ord(char):08x}")


@settings(PROFILE, max_examples=2 * PROFILE.max_examples)
@given(TEXT, REFUSED_CHAR, TEXT, st.booleans(), st.integers(0, 3))
def test_refused_characters_are_refused_where_they_are(before, char, after, as_key, line):
    """A control character, lone surrogate, noncharacter or direction mark anywhere in a key
    or value is refused at loading, at its own line, by whichever parser read the file; and
    the fast path, where it reads the file at all, reads what ruamel reads."""
    quoted = '"' + _escaped(before[:1] or "a") + before[1:].replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") \
        + _escaped(char) + after.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'
    entry = f"{quoted}: 1" if as_key else f"key: {quoted}"
    text = "".join(f"k{n}: v\n" for n in range(line)) + entry + "\n"
    try:
        parse_yaml(text.encode("utf-8"), "t.yaml")
    except FlowError as err:
        assert err.problems[0].line == line + 1, err
        assert "使えない文字" in err.problems[0].message and f"U+{ord(char):04X}" in err.problems[0].message
    else:
        raise AssertionError(f"{char!r} was not refused")
    positions: dict = {}
    fast = fast_parse(text, positions, MAX_DEPTH)
    if fast is not None:
        slow, slow_positions = _parse_ruamel(text, "t.yaml")
        assert _typed(fast) == _typed(slow) and positions == slow_positions.at
