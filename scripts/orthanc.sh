#!/usr/bin/env bash
# Runs Debian's Orthanc in the foreground for the tests and benchmarks: loopback only, no authentication, its
# configuration and storage in FOLDER (created), DICOM peers given as AE=PORT on 127.0.0.1 (move destinations).
# orthanc-refusals.lua makes it fail a C-FIND for patient ID REFUSE, and ORTHANC_MAX_STORAGE_MB (default 0: no
# limit) makes it refuse a C-STORE it has no room for (tests of error statuses).
# Usage: scripts/orthanc.sh FOLDER HTTP_PORT DICOM_PORT [AE=PORT ...]
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: $0 FOLDER HTTP_PORT DICOM_PORT [AE=PORT ...]" >&2
  exit 2
fi
folder=$1 http=$2 dicom=$3
here=$(cd "$(dirname "$0")" && pwd)
shift 3
orthanc=$(command -v Orthanc || echo /usr/sbin/Orthanc)
if [ ! -x "$orthanc" ]; then
  echo "orthanc.sh: Orthanc is not installed; run scripts/setup.sh (it installs Debian's orthanc)" >&2
  exit 3
fi
mkdir -p "$folder/storage"
modalities=""
for peer in "$@"; do
  ae=${peer%%=*} port=${peer#*=}
  modalities+="${modalities:+,} \"$ae\": [\"$ae\", \"127.0.0.1\", $port]"
done
cat > "$folder/orthanc.json" <<JSON
{
  "Name": "covidcxr-test-pacs",
  "StorageDirectory": "$folder/storage",
  "IndexDirectory": "$folder/storage",
  "HttpPort": $http,
  "DicomPort": $dicom,
  "DicomAet": "ORTHANC",
  "RemoteAccessAllowed": false,
  "AuthenticationEnabled": false,
  "DicomCheckCalledAet": true,
  "DicomModalities": { $modalities },
  "DicomAlwaysAllowEcho": true,
  "DicomAlwaysAllowStore": true,
  "DicomAlwaysAllowFind": true,
  "DicomAlwaysAllowMove": false,
  "DicomCheckModalityHost": true,
  "StableAge": 1,
  "Plugins": [],
  "LuaScripts": [ "$here/orthanc-refusals.lua" ],
  "ConcurrentJobs": 2,
  "MaximumStorageSize": ${ORTHANC_MAX_STORAGE_MB:-0},
  "LogExportedResources": false
}
JSON
exec "$orthanc" --logdir="$folder" "$folder/orthanc.json"
