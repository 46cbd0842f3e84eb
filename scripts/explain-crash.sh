#!/usr/bin/env bash
# Names a crashed test JVM after a failed Maven run, so that Surefire's partial counts are not read as the result.
# Usage: explain-crash.sh MAVEN_LOG (run from the project root; crash reports newer than the log are shown).
set -uo pipefail
log="$1"
echo
echo "=================================================================================================="
echo "A TEST JVM ENDED WITHOUT REPORTING (a native crash, or System.exit): the test counts above are incomplete."
grep -E "^\[ERROR\] Failed to execute goal .*surefire.* on project" "$log" | sed 's/^\[ERROR\] /  /; s/: *$//'
grep -E "Process Exit Code: [0-9]+" "$log" | sort -u | sed 's/^\[ERROR\] */  /'
# glibc's own words when it aborts on heap corruption (exit code 134)
grep -E "malloc\(\)|free\(\)|munmap_chunk|corrupted|double free" "$log" | sort -u | sed 's/^/  native: /'
# crash reports of this run only (the Maven log was created when it started)
for report in $(find . -path '*/target/hs_err_pid*.log' -newer "$log" 2>/dev/null); do
  echo "  crash report: $report"
  grep -m1 -A1 "^# Problematic frame:" "$report" | tail -1 | sed 's/^#/   /'
  sed -n '/^Native frames:/,/^$/p' "$report" | grep -E "^C " | head -8 | sed 's/^/    /'
done
echo "A native crash in TensorFlow (heap corruption, Mkl... or dnnl:: frames): see README, Troubleshooting."
echo "=================================================================================================="
