#!/bin/sh
# Makes the workstation's class-data-sharing archive (AppCDS) for the installation in folder $1: the classes a
# start-up loads (lib/app/covidcxr.classlist, recorded when the package was built), parsed and verified once here and
# mapped into memory at every start. Java 17 uses an archive only with the class path it was made for, so it is made
# where the workstation is installed (the .deb's postinst) or built (the app-image). Without it the workstation runs
# the same, only starts slower: the launcher's -Xshare:auto ignores a missing or stale archive.
set -e
app=$(cd "$1" && pwd)
lib="$app/lib/app"
classpath=$(sed -n 's|^app\.classpath=\$APPDIR|'"$lib"'|p' "$lib/covidcxr.cfg" | paste -sd: -)
rm -f "$lib/covidcxr.jsa"
"$app/lib/runtime/bin/java" -Xshare:dump -XX:SharedClassListFile="$lib/covidcxr.classlist" \
    -XX:SharedArchiveFile="$lib/covidcxr.jsa" -cp "$classpath" -Xlog:cds=error >/dev/null
