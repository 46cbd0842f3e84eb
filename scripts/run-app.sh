#!/usr/bin/env bash
# Builds (skipping tests) and starts the workstation with the bundled default model. Arguments are passed on:
# files or folders to open, or a subcommand (predict, evaluate, models, audit verify, …).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version=$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml")
jar="$root/app/target/covidcxr-app-$version.jar"
# Built from the project root, and only when a source or build file changed since the last build; started from the
# caller's folder, so that relative file arguments still resolve.
if [ ! -f "$jar" ] || [ -n "$(find "$root" \( -path '*/src/*' -o -name pom.xml \
    -o -path '*/model-store/models/*' \) -newer "$jar" -print -quit)" ]; then
  (cd "$root" && bash scripts/setup.sh && mvn -B -ntp -q install -DskipTests)
  touch "$jar" # Maven keeps an unchanged jar's old time; the build covered every module
fi
exec java -jar "$jar" "$@"
