"""`flowmap import`: draft a flow from a submission's text."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from flowmap.output.escape import terminal

from flowmap.cli._io import STDIO, fail_to_write, os_reason, write_output
from flowmap.importer import MAX_IMPORT_BYTES, draft_flow, dump_draft, write_draft
from flowmap.flow.loading import FlowError, load_flow


def flow_id_for(output: str) -> str:
    """A submission id from the output file's name (flows/001-keitai.yaml → 001-keitai)."""
    stem = re.sub(r"[^a-z0-9_\-]+", "-", Path(output).stem.lower()).strip("-_")
    return stem[:64] or "draft"


@click.command("import")
@click.argument("submission", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="書き出す下書きのフローのファイル(flows/NAME.yaml)。- で標準出力。")
@click.option("--id", "flow_id", default=None, help="提出書類の id(既定: 出力ファイル名から)。")
@click.option("--force", is_flag=True, help="出力ファイルが既にあれば置き換える。")
def import_submission(submission: str, output: str, flow_id: str | None, force: bool) -> None:
    """提出書類の文章(seeds の形式)からフローの下書きを作ります。

    文章から読み取れない所は下書きに TODO と書き、標準エラーに一覧を出します。
    下書きは必ず `flowmap validate` で読み込めます。SUBMISSION は - (標準入力)でも構いません。
    終了コード: 0 書き出した、1 エラー、2 使い方の誤り。

    例: flowmap import submission.txt -o flows/005-new.yaml
    """
    if output != STDIO and Path(output).exists() and not force:
        click.echo(terminal(f"{output}: 既にあります。上書きするには --force を付けてください"), err=True)
        sys.exit(1)
    try:
        # read one byte past the limit, never the whole of a huge file or stream
        if submission == STDIO:
            raw = sys.stdin.buffer.read(MAX_IMPORT_BYTES + 1)
        else:
            with open(submission, "rb") as handle:
                raw = handle.read(MAX_IMPORT_BYTES + 1)
        if len(raw) > MAX_IMPORT_BYTES:
            click.echo(terminal(f"{submission}: 大きすぎます(上限 {MAX_IMPORT_BYTES:,} バイト)。"
                                "付議資料一件分の本文だけを取り込んでください"), err=True)
            sys.exit(1)
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        click.echo(terminal(f"{submission}: UTF-8 として読めません(位置 {err.start})。UTF-8 で保存し直してください"), err=True)
        sys.exit(1)
    except OSError as err:
        click.echo(terminal(f"{submission}: 読み込めません({os_reason(err)})"), err=True)
        sys.exit(1)
    if not text.strip():
        click.echo(terminal(f"{submission}: ファイルが空です"), err=True)
        sys.exit(1)
    if flow_id is not None and not re.fullmatch(r"[a-z0-9][a-z0-9_\-]{0,63}", flow_id):
        raise click.BadParameter("英小文字・数字・'-'・'_' で書いてください", param_hint="--id")
    draft = draft_flow(text, flow_id or flow_id_for("draft" if output == STDIO else output))
    if output == STDIO:
        write_output(dump_draft(draft), STDIO)
        for line in draft.todos:
            click.echo(terminal(f"TODO {line}"), err=True)
        return

    def check(temp: Path) -> None:
        load_flow(temp, display=output)

    try:
        write_draft(draft, output, force=force, check=check)
    except FileExistsError as err:
        if err.errno is not None:  # a file where a folder of the path should be
            fail_to_write(output, err, 1)
        click.echo(terminal(f"{output}: 既にあります。上書きするには --force を付けてください"), err=True)
        sys.exit(1)
    except FlowError as err:
        click.echo("下書きが読み込めない形になりました(flowmap の不具合です。元の文書を添えて報告してください):", err=True)
        for problem in err.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(1)
    except OSError as err:
        fail_to_write(output, err, 1)
    for line in draft.todos:
        click.echo(terminal(f"TODO {line}"), err=True)
    for line in draft.mismatches:
        click.echo(terminal(f"不一致 {line}"), err=True)
    _say_profile(draft, Path(output))
    data = draft.data
    click.echo(
        f"{output} を作成しました: 当事者 {len(data.get('parties', []))}、情報項目 {len(data.get('items', []))}、"
        f"手順 {len(data.get('steps', []))}、TODO {len(draft.todos)} 件"
    )


def _say_profile(draft, output: Path) -> None:
    """Which profile the draft is read under; for a municipality flowmap has none of, the
    flowmap.yaml to write (never written here: it is the user's file)."""
    from flowmap.flow.profiles import find_config, load_profile
    from flowmap.importer.municipality import proposed_config

    who = draft.municipality
    if draft.profile or who is None:
        return
    config = find_config(output)
    if config is not None:
        try:
            if load_profile(config).words.name == who.name:
                return
        except FlowError:
            pass
    named = who.name or "この自治体"
    click.echo(f"プロファイル: {named} の組み込みプロファイルはありません。フローのフォルダに flowmap.yaml を置き、"
               "次のように書いてください(自治体の特記事項は clause_sets に):", err=True)
    for line in proposed_config(who).splitlines():
        click.echo(f"  {line}", err=True)
