#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, when they are missing:
#   default-jre-headless  — runs the Nu HTML Checker (vnu-jar)
#   chromium              — the browser tests (driven by Playwright with executable_path=/usr/bin/chromium)
#   fonts-nanum           — Korean glyphs in the browser and in PDFs
# Needs root (as on CI); otherwise it says what to install and the tests that need it are skipped.
set -euo pipefail
missing=()
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi nanum || missing+=(fonts-nanum)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-system-deps: please install: ${missing[*]} (sudo apt-get install ${missing[*]})" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-system-deps: installed ${missing[*]}"
