"""`flowmap new`: a short commented starter flow that validates, checks and renders as it is."""

from __future__ import annotations

import json
import os
import re
import sys
from importlib import resources
from pathlib import Path
from string import Template

import click

from flowmap.cli._io import STDIO, fail_to_write, write_output
from flowmap.output.atomic import write_atomic

# the last character of a municipality's name says what its residents are called
RESIDENTS = {"区": "区民", "市": "市民", "町": "町民", "村": "村民"}


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _schema_line(output: str) -> str:
    """The yaml-language-server line pointing at schema/flow.schema.json, when one is found
    above the new file (the repository's own copy); nothing otherwise."""
    folder = Path(output).resolve().parent if output != STDIO else Path.cwd()
    for parent in (folder, *folder.parents):
        schema = parent / "schema" / "flow.schema.json"
        if schema.is_file():
            relative = os.path.relpath(schema, folder).replace(os.sep, "/")
            return f"# yaml-language-server: $schema={relative}\n"
    return ""


def starter_text(output: str, flow_id: str, title: str, municipality: str, department: str,
                 clauses: str | None = None) -> str:
    """The starter flow with the given values (each written as a quoted YAML string)."""
    template = Template(resources.files("flowmap.flow").joinpath("data/starter.yaml").read_text(encoding="utf-8"))
    return template.substitute(
        schema_line=_schema_line(output),
        file="このファイル" if output == STDIO else Path(output).name,
        id=flow_id,
        title=_quoted(title),
        department=_quoted(department),
        municipality=_quoted(municipality),
        residents=_quoted(RESIDENTS.get(municipality[-1:], "住民")),
        clauses=f"clauses: {clauses}  " if clauses else "# clauses: 特記事項のid  ",
    )


def _flow_id(output: str) -> str:
    stem = re.sub(r"[^a-z0-9_\-]+", "-", Path(output).stem.lower()).strip("-_")
    return stem[:64] or "new-flow"


@click.command()
@click.argument("output", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--title", default="○○事業に係る業務の委託について", show_default=True, help="提出書類の件名。")
@click.option("--municipality", default="○○区", show_default=True,
              help="自治体名(新宿区、青葉市 …)。最後の一字で住民の呼び方が決まります(区民、市民 …)。")
@click.option("--department", default="○○課", show_default=True, help="担当課。")
@click.option("--clauses", default=None, metavar="ID",
              help="委託先に課す特記事項のセット(`flowmap profiles` が出す id)。")
@click.option("--id", "flow_id", default=None, help="提出書類の id(既定: ファイル名から)。")
@click.option("--force", is_flag=True, help="OUTPUT が既にあれば置き換える。")
def new(output: str, title: str, municipality: str, department: str, clauses: str | None,
        flow_id: str | None, force: bool) -> None:
    """コメント付きの短いひな形フローを OUTPUT に書き出します(- で標準出力)。

    何も尋ねません。書かれた値を編集してください。そのままでも validate・check・render を通ります。
    --force がなければ既存のファイルを置き換えません。終了コード: 0 書き出した、1 エラー、2 使い方の誤り。

    例: flowmap new flows/005-kenshin.yaml --title 健診案内の発送業務の委託について --municipality 青葉市
    """
    if flow_id is not None and not re.fullmatch(r"[a-z0-9][a-z0-9_\-]{0,63}", flow_id):
        raise click.BadParameter("英小文字・数字・'-'・'_' で書いてください", param_hint="--id")
    for name, value in (("--title", title), ("--municipality", municipality), ("--department", department)):
        if not value.strip():
            raise click.BadParameter("空にはできません", param_hint=name)
    if clauses is not None and not re.fullmatch(r"[a-z0-9][a-z0-9_\-]{0,63}", clauses):
        raise click.BadParameter("特記事項の id(flowmap profiles で一覧)を書いてください", param_hint="--clauses")
    text = starter_text(output, flow_id or _flow_id(output), title, municipality, department, clauses)
    if output == STDIO:
        write_output(text, STDIO)
        return
    if Path(output).exists() and not force:
        click.echo(f"{output}: 既にあります。上書きするには --force を付けてください", err=True)
        sys.exit(1)
    try:
        write_atomic(output, text)
    except OSError as err:
        fail_to_write(output, err, 1)
    click.echo(f"{output} を作成しました。次に: flowmap validate {output}")
