#!/usr/bin/env bash
# Installs every Debian package vigie needs to build, test and benchmark.
# Idempotent: packages already present are left alone. Run as root on Debian 12.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git ca-certificates
  clang libclang-rt-14-dev           # libFuzzer targets and sanitizers
  libicu-dev                          # Unicode, segmentation, charset conversion
  libstemmer-dev                      # Snowball stemmers
  libcld2-dev                         # language identification
  libgumbo-dev                        # HTML parsing
  libpugixml-dev                      # RSS / Atom feeds
  libsqlite3-dev sqlite3              # the store (FTS5)
  nlohmann-json3-dev libsimdjson-dev  # JSON
  libcli11-dev                        # command line
  libcpp-httplib-dev                  # HTTP server
  libxxhash-dev                       # content hashes
  zlib1g-dev libzstd-dev              # .gz / .zst inputs
  libgtest-dev libgmock-dev libbenchmark-dev
  nodejs npm                          # peers in bench/ (Readability.js, chrono-node)
  python3 python3-dateparser          # date-normalisation peer in bench/
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js may come from outside Debian on some images: a working node and npm is enough.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do [[ $p == nodejs || $p == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]}")
fi
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
