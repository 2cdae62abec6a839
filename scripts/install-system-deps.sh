#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, when they are missing:
#   default-jre-headless  — runs the Nu HTML Checker (vnu-jar)
# Needs root (as on CI); otherwise it says what to install and the tests that need it are skipped.
set -euo pipefail
missing=()
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
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
