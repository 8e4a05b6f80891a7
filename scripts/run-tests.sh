#!/usr/bin/env bash
# The whole test suite: set up if needed, then run pytest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/setup.sh"
cd "$root"
exec "$venv/bin/python" -m pytest -q "$@"
