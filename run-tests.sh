#!/usr/bin/env bash
# Runs every test of DM — all .NET test projects, the UI's component tests (Vitest) and its end-to-end tests in
# headless Chromium — installing what they need first (npm packages; Debian's chromium when run as root).
# Ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
root="$(pwd)"

results_dir="$root/TestResults"
rm -rf "$results_dir"
mkdir -p "$results_dir"

passed=0
failed=0
status=0

count() { # adds "$1 passed, $2 failed" to the totals
  passed=$((passed + ${1:-0}))
  failed=$((failed + ${2:-0}))
}

# --- .NET -----------------------------------------------------------------------------------------------------
dotnet_status=0
dotnet test Dm.sln --logger "trx" --results-directory "$results_dir" "$@" || dotnet_status=$?
dotnet_passed=0
dotnet_failed=0
for trx in "$results_dir"/*.trx; do
  [ -e "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  dotnet_passed=$((dotnet_passed + ${p:-0}))
  dotnet_failed=$((dotnet_failed + ${f:-0}))
done
if [ "$dotnet_status" -ne 0 ] && [ "$dotnet_failed" -eq 0 ]; then
  echo "dotnet test failed without reporting a failed test (build error or crashed test host)" >&2
  dotnet_failed=1
fi
echo ".NET: $dotnet_passed passed, $dotnet_failed failed"
count "$dotnet_passed" "$dotnet_failed"
[ "$dotnet_status" -eq 0 ] || status=1

# --- UI (only when no dotnet-test arguments narrowed the run) ------------------------------------------------------
if [ "$#" -eq 0 ] && [ -d ui ]; then
  ui_ok=1
  if ! command -v npm >/dev/null; then
    echo "UI tests need Node.js 20+ and npm on PATH" >&2
    ui_ok=0
  fi

  chromium="${DM_UI_CHROMIUM:-$(command -v chromium || true)}"
  if [ "$ui_ok" -eq 1 ] && [ -z "$chromium" ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
      echo "Installing Debian's chromium for the UI end-to-end tests..."
      (apt-get install -y -qq chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)) \
        && chromium="$(command -v chromium || true)"
    fi
    if [ -z "$chromium" ]; then
      echo "UI end-to-end tests need Chromium: run 'sudo apt-get install -y chromium' (or set DM_UI_CHROMIUM)" >&2
      ui_ok=0
    fi
  fi

  if [ "$ui_ok" -eq 1 ]; then
    (cd ui && { [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund; }) || ui_ok=0
  fi

  if [ "$ui_ok" -eq 1 ]; then
    rm -f ui/test-results/vitest.xml
    (cd ui && npx vitest run --reporter=default --reporter=junit --outputFile.junit=test-results/vitest.xml) || status=1
    suites="$(grep -o '<testsuites [^>]*>' ui/test-results/vitest.xml 2>/dev/null | head -1)"
    total="$(sed -n 's/.* tests="\([0-9]*\)".*/\1/p' <<<"$suites")"
    v_failed="$(( $(sed -n 's/.* failures="\([0-9]*\)".*/\1/p' <<<"$suites") + $(sed -n 's/.* errors="\([0-9]*\)".*/\1/p' <<<"$suites") ))"
    if [ -z "$total" ]; then
      echo "Vitest wrote no results" >&2
      count 0 1
      status=1
    else
      echo "UI components: $((total - v_failed)) passed, $v_failed failed"
      count "$((total - v_failed))" "$v_failed"
    fi

    e2e_log="$results_dir/ui-e2e.log"
    (cd ui && DM_UI_CHROMIUM="$chromium" npm run e2e) 2>&1 | tee "$e2e_log"
    [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
    e2e_line="$(grep -E '^e2e: [0-9]+ passed, [0-9]+ failed' "$e2e_log" | tail -1)"
    if [ -z "$e2e_line" ]; then
      echo "UI end-to-end tests printed no result line" >&2
      count 0 1
      status=1
    else
      count "$(sed -E 's/^e2e: ([0-9]+) passed.*/\1/' <<<"$e2e_line")" "$(sed -E 's/^e2e: [0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"$e2e_line")"
    fi
  else
    count 0 1
    status=1
  fi
fi

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi

echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
