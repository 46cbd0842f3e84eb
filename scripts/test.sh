#!/usr/bin/env bash
# Runs every test of every module (set-up included). Tests that need ../shared/data say so when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# -Ppackage: the installer module also builds the app-image and .deb and runs their acceptance tests.
exec mvn -B -ntp -Ppackage verify "$@"
