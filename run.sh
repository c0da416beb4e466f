#!/usr/bin/env bash
# Installs what is missing, then starts Lyra Studio. Arguments go to `lyra` (try --help).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$ROOT/scripts/bootstrap.sh"
exec "$ROOT/.venv/bin/lyra" "$@"
