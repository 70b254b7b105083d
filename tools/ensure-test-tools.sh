#!/bin/sh
# Installs what the test suite needs that pip cannot give: Chromium (browser tests) and poppler (PDF pages).
# Called by `make test`; does nothing when both are present.
missing=""
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing="$missing chromium"
command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils"
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "make test: the browser tests need$missing; install it with your system's package manager (no apt-get here)." >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "make test: the browser tests need$missing; run 'sudo apt-get install$missing' once (not root here)." >&2
    exit 1
  fi
fi
echo "make test: installing$missing with apt-get (needed by the browser tests)..."
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null && $SUDO apt-get install -y -qq --no-install-recommends$missing >/dev/null || {
  echo "make test: apt-get could not install$missing; install it by hand and run make test again." >&2
  exit 1
}
