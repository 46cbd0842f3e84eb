#!/usr/bin/env bash
# Names a crashed test JVM after a failed Maven run, so that Surefire's partial counts are not read as the result.
# Usage: explain-crash.sh MAVEN_LOG (run from the project root).
set -uo pipefail
log="$1"
echo
echo "=================================================================================================="
echo "A TEST JVM CRASHED: the test counts above are incomplete, and the modules after it did not run."
grep -E "^\[ERROR\] Failed to execute goal .*surefire.* on project" "$log" | sed 's/^\[ERROR\] /  /; s/: *$//'
grep -E "Process Exit Code: [0-9]+" "$log" | sort -u | sed 's/^\[ERROR\] */  /'
# glibc's own words when it aborts on heap corruption (exit code 134)
grep -E "malloc\(\)|free\(\)|munmap_chunk|corrupted|double free" "$log" | sort -u | sed 's/^/  native: /'
for report in */target/hs_err_pid*.log; do
  [ -f "$report" ] || continue
  echo "  crash report: $report"
  grep -m1 -A1 "^# Problematic frame:" "$report" | tail -1 | sed 's/^#/   /'
  sed -n '/^Native frames:/,/^$/p' "$report" | grep -E "^C " | head -8 | sed 's/^/    /'
done
echo "A native crash in TensorFlow (heap corruption, Mkl... or dnnl:: frames): see README, Troubleshooting."
echo "=================================================================================================="
