#!/usr/bin/env bash
# setup.sh installs what the full test suite needs on Debian/Ubuntu:
# PostgreSQL 15 with pgvector (built from Debian's source package of the next
# release, since the current one does not ship it) and Chromium for the
# browser tests. Idempotent: re-running skips what is already there.
set -euo pipefail

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

PGVER="${PGVER:-15}"
PGCONFIG="/usr/lib/postgresql/${PGVER}/bin/pg_config"

need_pkgs=()
for p in "postgresql-${PGVER}" "postgresql-server-dev-${PGVER}" chromium build-essential dpkg-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need_pkgs+=("$p")
done
if [ ${#need_pkgs[@]} -gt 0 ]; then
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${need_pkgs[@]}"
fi

if [ -f "$($PGCONFIG --sharedir)/extension/vector.control" ]; then
  echo "setup: pgvector already installed"
  exit 0
fi

# A packaged pgvector (newer Debian, Ubuntu, the PostgreSQL project's apt
# repository) is the simplest; Debian 12 has none, so build it from the
# source package of the next Debian release (trixie).
if apt-cache show "postgresql-${PGVER}-pgvector" >/dev/null 2>&1 &&
  $SUDO apt-get install -y -q --no-install-recommends "postgresql-${PGVER}-pgvector"; then
  echo "setup: pgvector installed from postgresql-${PGVER}-pgvector"
  exit 0
fi

# Reuse the mirror this machine is already configured with, whatever it is.
src_list=/etc/apt/sources.list.d/deskpilot-trixie-src.sources
if [ ! -f "$src_list" ]; then
  uri=""
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    u=$(awk '/^URIs:/ {print $2; exit}' "$f")
    if grep -q '^Suites:.*\(bookworm\|trixie\|bullseye\)' "$f" && [[ "$u" != *security* ]]; then uri="$u"; break; fi
  done
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1=="deb" && $3 !~ /security/ {print $2; exit}' /etc/apt/sources.list)
  fi
  if [ -z "$uri" ]; then echo "setup: no Debian mirror found in apt sources" >&2; exit 1; fi
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  printf 'Types: deb-src\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: %s\n' "$uri" "$keyring" | $SUDO tee "$src_list" >/dev/null
  $SUDO apt-get update -q
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(
  cd "$work"
  apt-get source -q --download-only pgvector
  dpkg-source -x --no-check pgvector_*.dsc src >/dev/null
  cd src
  make -s PG_CONFIG="$PGCONFIG" OPTFLAGS="" >/dev/null
  $SUDO make -s PG_CONFIG="$PGCONFIG" install >/dev/null
)
echo "setup: pgvector installed into $($PGCONFIG --pkglibdir)"
