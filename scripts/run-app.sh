#!/usr/bin/env bash
# Builds (skipping tests) and starts the workstation with the bundled default model. Arguments are passed on:
# files or folders to open, or a subcommand (predict, evaluate, models, audit verify, …).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# Built from the project root; started from the caller's folder, so that relative file arguments still resolve.
(cd "$root" && bash scripts/setup.sh && mvn -B -ntp -q install -DskipTests)
version=$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml")
exec java -jar "$root/app/target/covidcxr-app-$version.jar" "$@"
