"""Usage errors in Japanese: click words its own errors (a missing argument, an unknown option, a
path that does not exist, a value not among the choices) in English; a staffer reads this instead.

Errors flowmap raises itself are already Japanese and pass through unchanged.
"""

from __future__ import annotations

import re

import click

_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def _hint(err: click.UsageError) -> str:
    param = getattr(err, "param", None)
    if getattr(err, "param_hint", None):
        hint = err.param_hint
        return " / ".join(hint) if isinstance(hint, (list, tuple)) else str(hint)
    if param is not None:
        if isinstance(param, click.Option):
            return " / ".join(param.opts)
        return (param.human_readable_name or param.name or "").upper()
    return ""


# click's sentences for a refused value → what a staffer reads ({0}, {1}: the captured parts)
_VALUE_REASONS = [
    (r"'(.+)' does not exist", "{0}: ファイルもフォルダもありません"),
    (r"'(.+)' is a directory", "{0}: フォルダです。ファイルを指定してください"),
    (r"'(.+)' is a file", "{0}: ファイルです。フォルダを指定してください"),
    (r"'(.*)' is not one of (.+)\.$", "'{0}' は使えません。使える値: {1}"),
    (r"'(.*)' is not ('.+')\.$", "'{0}' は使えません。使える値: {1}"),
    (r"'(.*)' is not a valid (?:integer|float)", "'{0}' は数で指定してください"),
    (r"(\S+) is not in the range (.+)\.$", "{0} は範囲外です({1})"),
]


def _bad_value(err: click.BadParameter) -> str:
    """The reason a value was refused, from click's English sentence."""
    if _JAPANESE.search(err.message):
        return err.message
    for pattern, reason in _VALUE_REASONS:
        if match := re.search(pattern, err.message):
            return reason.format(*match.groups())
    return "値が正しくありません"


def japanese(err: click.UsageError) -> str:
    """One usage error as a staffer reads it."""
    hint = _hint(err)
    if isinstance(err, click.MissingParameter):
        return f"{hint} を指定してください"
    if isinstance(err, click.NoSuchOption):
        close = f"(もしかして: {'、'.join(err.possibilities)})" if err.possibilities else ""
        return f"{err.option_name} というオプションはありません{close}"
    if isinstance(err, click.BadOptionUsage):
        return f"{err.option_name} の使い方が正しくありません" if not _JAPANESE.search(err.message) else err.message
    if isinstance(err, click.BadParameter):
        reason = _bad_value(err)
        if isinstance(err.param and err.param.type, click.Path) or not hint:  # the path names itself
            return reason
        return f"{hint}: {reason}"
    said = err.message
    if _JAPANESE.search(said):
        return said
    if match := re.search(r"No such command '(.+)'", said):
        close = getattr(err, "possibilities", None)
        return f"{match.group(1)} というコマンドはありません" + (f"(もしかして: {'、'.join(close)})" if close else "")
    if match := re.search(r"unexpected extra arguments? \((.+)\)", said):
        return f"余分な引数があります: {match.group(1)}"
    return "コマンドの使い方が正しくありません"


def show(err: click.UsageError) -> None:
    """Print the error and where to read more, as click would, but in Japanese."""
    command = err.ctx.command_path if err.ctx is not None else "flowmap"
    click.echo(f"エラー: {japanese(err)}", err=True)
    click.echo(f"使い方は {command} --help で表示できます", err=True)


# click's own fixed words on help pages → Japanese (one place: the formatter every flowmap context uses)
_HEADINGS = {"Options": "オプション", "Commands": "コマンド", "Arguments": "引数"}
_CLICK_HELP = {
    "Show this message and exit.": "このヘルプを表示して終了します。",
    "Show the version and exit.": "バージョンを表示して終了します。",
}
_EXTRA = [(re.compile(r"\bdefault: "), "既定値: "), (re.compile(r"\brequired\b"), "必須"),
          (re.compile(r"\benv var: "), "環境変数: ")]


def _help_text(text: str) -> str:
    """An option's help with click's own words ("[default: …]", "[required]") in Japanese."""
    text = _CLICK_HELP.get(text, text)
    if match := re.search(r"\[([^\[\]]*)\]$", text):
        extra = match.group(1)
        for pattern, word in _EXTRA:
            extra = pattern.sub(word, extra)
        text = text[: match.start()] + f"[{extra}]"
    return text


class JapaneseHelpFormatter(click.HelpFormatter):
    """click's help formatter with its headings, usage prefix and fixed words in Japanese."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "使い方: " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(_HEADINGS.get(heading, heading))

    def write_text(self, text: str) -> None:
        # the lines as written: click would rewrap them at spaces, which Japanese has few of
        for line in text.splitlines():
            self.write(f"{'':>{self.current_indent}}{line}\n" if line.strip() else "\n")

    def write_dl(self, rows, *args, **kwargs) -> None:
        super().write_dl([(term, _help_text(text)) for term, text in rows], *args, **kwargs)


class JapaneseContext(click.Context):
    """The context of every flowmap command: help pages through JapaneseHelpFormatter."""

    formatter_class = JapaneseHelpFormatter
