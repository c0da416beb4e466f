#!/usr/bin/env bash
# Installs everything Lyra Studio needs into .venv, idempotently; sourced by run.sh and test.sh.
#   - Debian libraries for Qt (and the real clients the tests use) when run as root on Debian;
#   - .venv with CPU torch 2.13.0 first when no torch is present (never a CUDA build);
#   - the studio itself, editable, with the ai and dev extras.
# A stamp file makes a second run a no-op unless pyproject.toml changed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="${LYRA_PYTHON:-python3}"

# Qt's xcb/offscreen platforms and QtMultimedia need these shared libraries.
DEBIAN_PACKAGES=(
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0
  libxcb-randr0 libxcb-render-util0 libxcb-image0 libpulse0 libglib2.0-0
  fonts-dejavu-core
)

log() { printf '\033[1m[lyra setup]\033[0m %s\n' "$*" >&2; }

install_debian_packages() {
  [ "$(id -u)" = 0 ] || return 0
  command -v apt-get >/dev/null 2>&1 || return 0
  command -v dpkg-query >/dev/null 2>&1 || return 0
  local missing=()
  for pkg in "${DEBIAN_PACKAGES[@]}" ${LYRA_EXTRA_DEBIAN_PACKAGES:-}; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

create_venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
      echo "Lyra Studio needs Python 3.11 or newer; set LYRA_PYTHON to one." >&2; exit 1; }
    log "creating $VENV"
    "$PY" -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip
  fi
}

install_torch() {
  if ! "$VENV/bin/python" -c 'import importlib.util, sys; sys.exit(importlib.util.find_spec("torch") is None)' 2>/dev/null; then
    log "installing torch 2.13.0 (CPU build)"
    "$VENV/bin/python" -m pip install -q "torch==2.13.0"
  fi
}

install_studio() {
  local stamp="$VENV/.lyra-installed"
  local want
  want="$("$VENV/bin/python" -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$ROOT/pyproject.toml")"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  log "installing Lyra Studio and its dependencies"
  "$VENV/bin/python" -m pip install -q -e "$ROOT[ai,dev]"
  echo "$want" > "$stamp"
}

install_debian_packages
create_venv
install_torch
install_studio
