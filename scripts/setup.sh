#!/usr/bin/env bash
# One-time (idempotent) set-up on Debian 12 with JDK 17 and Maven: system packages the build needs,
# and PixelMed from Debian's libpixelmed-java made resolvable by Maven (no jar is ever committed).
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

need_pkgs=()
# iproute2: the offline test of covidcxr batch brings the loopback interface up in its empty network namespace.
for pkg in libpixelmed-java xvfb xauth libgtk-3-0 dcmtk libgdcm-tools fakeroot binutils xdg-utils orthanc dicom3tools iproute2; do
  # Installed, not merely known (a removed package keeps its configuration and answers dpkg -s).
  dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null | grep -q '^ii' || need_pkgs+=("$pkg")
done
if [ ${#need_pkgs[@]} -gt 0 ]; then
  echo "setup: installing ${need_pkgs[*]}"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
fi

PIXELMED_VERSION=$(sed -n 's:.*<pixelmed.version>\(.*\)</pixelmed.version>.*:\1:p' pom.xml)
: "${PIXELMED_VERSION:?setup: no <pixelmed.version> found in pom.xml}"
REPO="${MAVEN_LOCAL_REPO:-$HOME/.m2/repository}"
TARGET="$REPO/com/pixelmed/pixelmed/$PIXELMED_VERSION/pixelmed-$PIXELMED_VERSION.jar"
if [ ! -f "$TARGET" ]; then
  # Debian's jar names /usr/share/java/* in its manifest Class-Path (an old SLF4J binding among them):
  # strip that so only the dependencies Maven manages reach the class path.
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  java scripts/StripClassPath.java /usr/share/java/pixelmed.jar "$work/pixelmed.jar"
  cp scripts/pixelmed.pom "$work/pixelmed.pom"
  (cd "$work" && mvn -q -B -ntp org.apache.maven.plugins:maven-install-plugin:3.1.3:install-file \
    -Dfile=pixelmed.jar -DpomFile=pixelmed.pom -Dmaven.repo.local="$REPO")
  rm -rf "$work"
  echo "setup: PixelMed $PIXELMED_VERSION installed into $REPO"
fi
