"""The --cache option shared by `site`, `check` and `compare`."""

from __future__ import annotations

import click

NO_CACHE = "off"


def cache_option(command):
    return click.option(
        "--cache", "cache_dir", metavar="DIR|off", default=None,
        help="再利用する結果を置くフォルダ(既定: $FLOWMAP_CACHE または .flowmap-cache。'off' で何も残さない)。"
             "いつ削除しても構いません。")(command)


def open_cache(cache_dir: str | None):
    from flowmap.flow.cache import OFF, Cache, default_folder

    if cache_dir is None:
        folder = default_folder()
    else:
        folder = None if cache_dir.strip().lower() in OFF else cache_dir
    return Cache(folder)
