#!/usr/bin/env bash
# The browser the storefront's end-to-end tests drive (playwright-core): Debian's `chromium` package and
# the fonts the screenshots are drawn with, installed with apt-get when missing, since Playwright's own
# browser download is not reachable here. Idempotent: what is installed is left as it is. CHROMIUM_PATH
# names another Chromium (a machine without apt-get), which is then only checked.
set -euo pipefail

if [ -n "${CHROMIUM_PATH:-}" ]; then
  [ -x "$CHROMIUM_PATH" ] || { echo "infra: CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file" >&2; exit 1; }
  echo "infra: chromium present ($CHROMIUM_PATH)"
  exit 0
fi

chromium=/usr/bin/chromium
# The text's font: the screenshots come out the same on every machine.
fonts=(fonts-liberation)
installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }

missing=()
[ -x "$chromium" ] || missing+=(chromium)
for f in "${fonts[@]}"; do installed "$f" || missing+=("$f"); done
if [ ${#missing[@]} -eq 0 ]; then
  echo "infra: chromium present ($chromium)"
  exit 0
fi

fail() {
  echo "infra: could not install ${missing[*]}: $1." >&2
  echo "infra: install them with apt-get (Debian's chromium package), or set CHROMIUM_PATH to a Chromium binary." >&2
  exit 1
}

command -v apt-get >/dev/null || fail "apt-get is not available on this machine"
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  fail "installing needs root, and sudo without a password is not available"
fi

# Waits for another apt run's lock (a parallel test run installing too) instead of failing at once.
apt=("${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -q)
echo "infra: installing ${missing[*]} with apt-get (once per machine)…"
if ! "${apt[@]}" install -y --no-install-recommends "${missing[@]}"; then
  # A fresh machine's package lists may be missing or stale.
  "${apt[@]}" update || fail "apt-get update failed (no network or no package mirror?)"
  "${apt[@]}" install -y --no-install-recommends "${missing[@]}" || fail "apt-get install failed"
fi
[ -x "$chromium" ] || fail "apt-get finished but $chromium is not there"
echo "infra: chromium ready ($("$chromium" --version 2>/dev/null || echo "$chromium"))"
