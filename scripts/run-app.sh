#!/usr/bin/env bash
# Builds (skipping tests) and starts the workstation with the bundled default model. Arguments are passed on:
# files or folders to open, or a subcommand (predict, evaluate, models, audit verify, …).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mvn -B -ntp -q install -DskipTests
# TensorFlow's native INFO lines (op registration, SavedModel loading) are for developers, not users.
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-1}"
exec java -jar app/target/covidcxr-app-*.jar "$@"
