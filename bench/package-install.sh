#!/usr/bin/env bash
# Install size and time of the packages, each into an empty app with the peers, from the npm cache,
# in one run: the peers alone, the constructs package, the constructs and the CLI package, and the
# single package of an earlier release (0.2.0 before the split) for comparison.
# Usage: bash bench/package-install.sh <constructs.tgz> <cli.tgz> <single.tgz>
set -euo pipefail
constructs=$(realpath "$1"); cli=$(realpath "$2"); single=$(realpath "$3")
peers=(cdktf@0.21.0 constructs@10.8.1 @cdktf/provider-aws@20.1.0)
measure() {
  local name=$1; shift
  local dir; dir=$(mktemp -d)
  echo '{"name":"app","version":"1.0.0","private":true}' >"$dir/package.json"
  local start; start=$(date +%s.%N)
  (cd "$dir" && npm install --prefer-offline --no-audit --no-fund --loglevel=error "$@" "${peers[@]}" >/dev/null 2>&1)
  local end; end=$(date +%s.%N)
  local bytes; bytes=$(du -sb "$dir/node_modules" | cut -f1)
  local count; count=$(find "$dir/node_modules" -name package.json -path '*/node_modules/*/package.json' -not -path '*/node_modules/*/node_modules/*/*/package.json' | wc -l)
  printf '| %s | %.1f | %d | %s |\n' "$name" "$(echo "$end - $start" | bc)" "$((bytes / 1000000))" \
    "$(ls "$dir/node_modules/@duckdb" "$dir/node_modules/@aws-sdk" >/dev/null 2>&1 && echo yes || echo no)"
  rm -rf "$dir"
}
echo '| install (with the three peers) | seconds | MB of node_modules | DuckDB and AWS SDK |'
echo '| --- | ---: | ---: | --- |'
measure 'the peers alone'
measure '@audit-logging/cdktf (constructs)' "$constructs"
measure '@audit-logging/cdktf and @audit-logging/cdktf-cli' "$constructs" "$cli"
measure '0.2.0 single package (before the split)' "$single"
