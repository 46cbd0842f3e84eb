#!/bin/sh
# Records which classes a start-up of the app-image in folder $1 loads: the benchmark opens the window, loads the
# model and opens and analyses a synthetic phantom radiograph, as a user's first minute does. The list is what
# class-data-sharing.sh archives. Needs a display; without one, Xvfb (scripts/setup.sh installs it).
set -e
app=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run() {
    JAVA_TOOL_OPTIONS="-XX:DumpLoadedClassList=$app/lib/app/covidcxr.classlist" COVIDCXR_HOME="$work/home" \
        "$@" "$app/bin/covidcxr" benchmark --phantom --runs 1 --store "$work/models" >"$work/log" 2>&1 \
        || { cat "$work/log" >&2; exit 1; }
}
if [ -n "$DISPLAY" ]; then
    run
elif command -v xvfb-run >/dev/null; then
    run xvfb-run -a -s '-screen 0 1600x1000x24'
else
    echo "record-classes.sh: no display and no xvfb-run; install Xvfb (apt-get install xvfb, or scripts/setup.sh)" >&2
    exit 1
fi
