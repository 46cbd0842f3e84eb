#!/usr/bin/env bash
# Measures retrieve + analyse per study against a throwaway Orthanc on loopback: starts Debian's Orthanc (orthanc.sh)
# in a temporary folder on free ports, knowing the benchmark's receiver as a move destination, runs the tools'
# benchmark-pacs against it and always stops it. Arguments are passed on (e.g. --studies 20 --size 2048).
# Usage: scripts/benchmark-pacs.sh [benchmark-pacs options]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/tools/target/covidcxr-tools.jar"
ae=COVIDCXR

if [ ! -f "$jar" ]; then
  echo "benchmark-pacs.sh: building the tools jar …" >&2
  (cd "$root" && mvn -B -ntp -q -o install -DskipTests -pl tools -am)
fi

# Free ports from the kernel (bind to port 0); a race with another program in the next second is unlikely.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
http=$(free_port)
dicom=$(free_port)
receiver=$(free_port)
while [ "$dicom" = "$http" ]; do dicom=$(free_port); done
while [ "$receiver" = "$http" ] || [ "$receiver" = "$dicom" ]; do receiver=$(free_port); done

folder=$(mktemp -d "${TMPDIR:-/tmp}/covidcxr-orthanc.XXXXXX")
orthanc_pid=""
stop() {
  if [ -n "$orthanc_pid" ] && kill -0 "$orthanc_pid" 2>/dev/null; then
    kill "$orthanc_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$orthanc_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$orthanc_pid" 2>/dev/null || true
  fi
  rm -rf "$folder"
}
trap stop EXIT
trap 'exit 130' INT TERM

# orthanc.sh execs Orthanc, so this PID is Orthanc's own.
bash "$root/scripts/orthanc.sh" "$folder/orthanc" "$http" "$dicom" "$ae=$receiver" >"$folder/orthanc.out" 2>&1 &
orthanc_pid=$!
for _ in $(seq 300); do
  if curl -fsS -o /dev/null "http://127.0.0.1:$http/system" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$orthanc_pid" 2>/dev/null; then
    echo "benchmark-pacs.sh: Orthanc ended at start; its output:" >&2
    cat "$folder/orthanc.out" >&2
    exit 1
  fi
  sleep 0.1
done
if ! curl -fsS -o /dev/null "http://127.0.0.1:$http/system"; then
  echo "benchmark-pacs.sh: Orthanc did not answer on port $http within 30 s" >&2
  exit 1
fi

# From the project root: the benchmark finds the shipped model bundles in model-store/models/.
cd "$root"
java -jar "$jar" benchmark-pacs --node "ORTHANC@127.0.0.1:$dicom" --ae "$ae" --port "$receiver" "$@"
