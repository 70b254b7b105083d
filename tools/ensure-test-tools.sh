#!/bin/sh
# Installs the Debian packages named as arguments (by `make test-tools`: chromium poppler-utils) when
# the command each provides is missing; does nothing when all are present.
[ $# -eq 0 ] && set -- chromium poppler-utils
missing=""
for package in "$@"; do
  case "$package" in
    chromium) command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing="$missing chromium" ;;
    poppler-utils) command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils" ;;
    *) command -v "$package" >/dev/null 2>&1 || missing="$missing $package" ;;
  esac
done
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
