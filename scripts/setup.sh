#!/usr/bin/env bash
# Installs what flowmap needs on a fresh Debian/Ubuntu machine: Graphviz, LibreOffice, poppler,
# Chromium (browser tests) and a Japanese font through apt (only when missing), and the Python
# packages into .venv (only when pyproject changed).
# Sourced by scripts/run-flows.sh and scripts/run-tests.sh; safe to run again.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

need_apt=()
command -v dot >/dev/null 2>&1 || need_apt+=(graphviz)
# LibreOffice (headless) and poppler: the printing tests turn xlsx/docx into PDF and read it back.
command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-calc libreoffice-writer)
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
# Carlito has Calibri's metrics: LibreOffice then sizes xlsx columns as Excel does
# (grep reads all of fc-list's output: with pipefail, grep -q would stop early and fc-list's SIGPIPE
# would count as "missing", reinstalling on every run)
fc-list 2>/dev/null | grep -i carlito >/dev/null || need_apt+=(fonts-crosextra-carlito)
# the browser tests drive Debian's headless Chromium (never a browser download)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if ! command -v fc-list >/dev/null 2>&1 || ! fc-list :lang=ja 2>/dev/null | grep . >/dev/null; then
  need_apt+=(fonts-noto-cjk fontconfig)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]} with apt-get" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq >&2
  "${sudo_cmd[@]}" apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${need_apt[@]}" >&2
fi

venv="$root/.venv"
stamp="$venv/.flowmap-installed"
want="$(sha256sum "$root/pyproject.toml" | cut -d' ' -f1)"
if [ ! -x "$venv/bin/python" ]; then
  echo "setup: creating $venv" >&2
  python3 -m venv "$venv"
fi
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing Python packages into .venv" >&2
  "$venv/bin/python" -m pip install -q --upgrade pip >&2
  "$venv/bin/python" -m pip install -q -e "$root[test]" >&2
  echo "$want" > "$stamp"
fi
