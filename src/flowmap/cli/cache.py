"""The --cache option shared by `site`, `check` and `compare`."""

from __future__ import annotations

import click

NO_CACHE = "off"


def cache_option(command):
    return click.option(
        "--cache", "cache_dir", metavar="DIR|off", default=None,
        help="Folder of reusable results (default: $FLOWMAP_CACHE or .flowmap-cache; 'off' to keep nothing). "
             "Safe to delete at any time.")(command)


def open_cache(cache_dir: str | None):
    from flowmap.flow.cache import OFF, Cache, default_folder

    if cache_dir is None:
        folder = default_folder()
    else:
        folder = None if cache_dir.strip().lower() in OFF else cache_dir
    return Cache(folder)
