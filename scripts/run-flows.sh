#!/usr/bin/env bash
# The main job: set up if needed, then validate, check and render every flow in flows/, and
# build the review site in site/ (git-ignored; work on unchanged flows reused from .flowmap-cache/).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/setup.sh"
cd "$root"
"$venv/bin/flowmap" validate flows/
# Show every finding; the main job does not fail on findings (CI gates use --fail-on high|medium).
"$venv/bin/flowmap" check flows/ --fail-on never
"$venv/bin/flowmap" render flows/ --out renders/ --format svg,png,pdf
"$venv/bin/flowmap" site flows/ -o site/
