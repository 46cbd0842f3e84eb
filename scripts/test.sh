#!/usr/bin/env bash
# Runs every test of every module (set-up included). Tests that need ../shared/data say so when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# -Ppackage: the installer module also builds the app-image and .deb and runs their acceptance tests.
status=0
mvn -B -ntp -Ppackage verify "$@" 2>&1 | tee "$log" || status=$?
if [ "$status" -ne 0 ] && grep -q "The forked VM terminated without properly saying goodbye" "$log"; then
  bash scripts/explain-crash.sh "$log" || true
fi
exit "$status"
