"""`flowmap profiles`: which municipality profile and clause sets are in effect for a path."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from flowmap.flow.loading import flow_files
from flowmap.flow.profiles import Profile, builtin_profiles, find_config, load_profile, profile_for
from flowmap.flow.yamlread import FlowError, parse_yaml


def _named_profile(file: Path) -> str | None:
    """A flow's own ``profile:`` key, read without checking the rest of the flow."""
    try:
        data, _ = parse_yaml(file.read_bytes(), str(file))
    except (OSError, FlowError):
        return None
    named = data.get("profile") if isinstance(data, dict) else None
    return named if isinstance(named, str) else None


def describe(profile: Profile) -> list[str]:
    """The profile as lines for people: who, which words, which clause sets, what it cites."""
    words = profile.words
    out = [
        f"プロファイル: {profile.id}" + (f"({'、'.join(profile.files)})" if profile.files else ""),
        f"  自治体: {words.name or '(未設定)'}  審議会: {words.council}",
        f"  用語: {words.body}が行う / {words.residents} / {words.staff} / {words.external}",
        f"  標準の義務: {profile.standard_duties.source}",
        "    " + "、".join(o.label for o in profile.standard_duties.obligations),
        f"  チェックリスト: {profile.checklist.title if profile.checklist else '(なし)'}",
        "  特記事項:",
    ]
    own = set(profile.own_clause_sets)
    for set_id in sorted(profile.clause_sets, key=lambda s: (s not in own, s)):
        clause_set = profile.clause_sets[set_id]
        origin = "利用者" if set_id in own else "組み込み"
        out.append(f"    {set_id}: {clause_set.title}({origin}、{len(clause_set.clauses)}項、{clause_set.binds})")
    out.append("  引用する指針:")
    out += [f"    {g}" for g in profile.guidance]
    return out


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
def profiles(paths: tuple[str, ...]) -> None:
    """フローのファイルやフォルダに適用される自治体プロファイルと特記事項のセットを出します。

    PATHS がなければ組み込みのプロファイルを一覧にします。終了コード: 0、プロファイルを読めなければ 1。

    例: flowmap profiles examples/
    """
    if not paths:
        for profile in builtin_profiles().values():
            click.echo("\n".join(describe(profile)))
        return
    seen: dict[str, list[str]] = {}
    failed = False
    for path in paths:
        files = flow_files([path]) or [Path(path)]
        for file in files:
            try:
                profile = profile_for(file, _named_profile(file) if file.is_file() else None)
            except FlowError as err:
                failed = True
                click.echo("\n".join(map(str, err.problems)), err=True)
                continue
            key = "\n".join(describe(profile))
            seen.setdefault(key, []).append(str(file))
    for text, files in seen.items():
        click.echo(text)
        click.echo("  対象: " + "、".join(files))
    if failed:
        sys.exit(1)
