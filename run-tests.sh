#!/usr/bin/env bash
# Runs every test of DM (all .NET test projects; UI tests join when ui/ exists)
# and ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"

results_dir="$(pwd)/TestResults"
rm -rf "$results_dir"
mkdir -p "$results_dir"

status=0
dotnet test Dm.sln --logger "trx" --results-directory "$results_dir" "$@" || status=$?

passed=0
failed=0
for trx in "$results_dir"/*.trx; do
  [ -e "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or a test host failed without reporting a failed test: count it, never report green.
  failed=1
fi

echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
