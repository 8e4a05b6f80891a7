"""`flowmap validate`, `flowmap schema` and `--version` through click's runner."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import FLOWS, ROOT
from flowmap import __version__
from flowmap.cli import main
from flowmap.cli.validate import flow_schema


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_validate_every_flow_in_flows():
    result = run("validate", str(FLOWS))
    assert result.exit_code == 0, result.output
    assert "OK" in result.output and "001-keitai-toilet.yaml" in result.output


def test_validate_invalid_exits_one_with_location(variant):
    path = variant(("kind: report", "kind: reporting"))
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert f"{path}:" in result.output and "reporting" in result.output
    assert "Traceback" not in result.output


def test_validate_missing_path_is_a_usage_error():
    result = run("validate", "no/such/file.yaml")
    assert result.exit_code == 2


def test_schema_is_json_schema_of_flows_and_published_copy_is_current():
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema == flow_schema()
    assert {"submission", "parties", "steps"} <= set(schema["properties"])
    published = json.loads((ROOT / "schema" / "flow.schema.json").read_text(encoding="utf-8"))
    assert published == schema, "schema/flow.schema.json is stale: run `flowmap schema > schema/flow.schema.json`"


def test_schema_validates_the_seed_flow_as_an_editor_would():
    import jsonschema
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load((FLOWS / "001-keitai-toilet.yaml").read_text(encoding="utf-8"))
    data = json.loads(json.dumps(data, default=str))  # dates as text, as an editor sees them
    jsonschema.validate(data, flow_schema())


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and __version__ in result.output
