#!/usr/bin/env bash
# Starts the workstation with the bundled default models, building the application first (tests skipped) only when a
# source or build file it is made of changed since the last build. Arguments are passed on: files or folders to open,
# or a subcommand (predict, evaluate, models, audit verify, …).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version=$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml")
target="$root/app/target"
jar="$target/covidcxr-app-$version.jar"
stamp="$target/run-app.built"
# What the application is made of: the modules' main sources and resources, the bundled models and the POMs (test
# sources are not part of it). A folder's time changes when a file in it is added, removed or renamed.
changed() {
  [ ! -f "$jar" ] || [ ! -f "$stamp" ] || [ -n "$(find "$root/pom.xml" "$root"/*/pom.xml "$root"/*/src/main \
      "$root/model-store/models" -newer "$stamp" -print -quit 2>/dev/null)" ]
}
if changed; then
  echo "run-app.sh: building the workstation (a source or build file changed since the last build) …" >&2
  # The time the build started, not ended: a file saved during the build counts as changed next time.
  started=$(date +@%s.%N)
  (cd "$root" && bash scripts/setup.sh && mvn -B -ntp -q -pl app -am package -DskipTests)
  touch -d "$started" "$stamp"
fi
# Started from the caller's folder, so that relative file arguments still resolve. JavaFX runs as named modules from
# target/javafx, where its native libraries lie unpacked (nothing extracted into ~/.openjfx).
exec java --module-path "$target/javafx" --add-modules javafx.controls,javafx.fxml,javafx.swing -jar "$jar" "$@"
