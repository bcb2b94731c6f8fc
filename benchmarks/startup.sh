#!/usr/bin/env bash
# Start-up time and memory of a small application (dev.bulwark.benchmarks.startup.StartupApp) with no
# agent, with Bulwark, and with the OpenTelemetry Java agent.
#
#   benchmarks/startup.sh [runs]        default 7 runs of each, after one discarded warm-up round
#
# Time: from just before the JVM is launched (date +%s%N) to the end of main (the app prints the epoch
# nanos as its last act). Memory: the process's maximum resident set size from /usr/bin/time -v. CPU:
# user + system time of the whole process from /usr/bin/time -v, which load on a shared machine
# disturbs less than wall time.
# The three configurations take turns in each round, so load from other processes spreads over all.
# Raw figures go to target/startup.tsv (read by report.py); medians are printed.
# Needs target/bulwark-benchmarks.jar and target/agent/bulwark-agent.jar (run.sh builds and copies them);
# fetches the OpenTelemetry agent from Maven Central with mvn dependency:copy when it is missing.
set -euo pipefail
cd "$(dirname "$0")"

RUNS=${1:-7}
JAVA=${JAVA:-java}
JAR=target/bulwark-benchmarks.jar
AGENT=target/agent/bulwark-agent.jar
OTEL_DIR=target/otel
OUT=target/startup.tsv
MAIN=dev.bulwark.benchmarks.startup.StartupApp

for f in "$JAR" "$AGENT"; do
  [[ -f $f ]] || { echo "startup.sh: $f is missing; run benchmarks/run.sh (or build and copy it) first" >&2; exit 1; }
done

# The version lives once, in the parent pom (or, before it moved there, in this module's pom).
otel_version=$(sed -n 's:.*<opentelemetry-javaagent.version>\(.*\)</opentelemetry-javaagent.version>.*:\1:p' ../pom.xml pom.xml | head -1)
[[ -n $otel_version ]] || { echo "startup.sh: no <opentelemetry-javaagent.version> property in ../pom.xml or pom.xml" >&2; exit 1; }
OTEL=$OTEL_DIR/opentelemetry-javaagent-$otel_version.jar
if [[ ! -f $OTEL ]]; then
  mvn -q -B dependency:copy -Dartifact="io.opentelemetry.javaagent:opentelemetry-javaagent:$otel_version" \
      -DoutputDirectory="$OTEL_DIR" >&2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run_once LABEL [JVM options...]: prints "LABEL<TAB>ms-to-end-of-main<TAB>max-rss-kb"
run_once() {
  local label=$1; shift
  local start end rss cpu
  start=$(date +%s%N)
  /usr/bin/time -v -o "$tmp/time" "$JAVA" "$@" -cp "$JAR" "$MAIN" >"$tmp/out" 2>"$tmp/err" \
    || { echo "startup.sh: $label run failed:" >&2; cat "$tmp/err" "$tmp/out" >&2; exit 1; }
  end=$(sed -n 's/.*end-epoch-nanos=\([0-9]*\).*/\1/p' "$tmp/out")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): \([0-9]*\).*/\1/p' "$tmp/time")
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%d", s * 1000 }' "$tmp/time")
  [[ -n $end && -n $rss ]] || { echo "startup.sh: $label printed no end time or RSS" >&2; cat "$tmp/out" >&2; exit 1; }
  printf '%s\t%s\t%s\t%s\n' "$label" "$(( (end - start) / 1000 ))" "$rss" "$cpu"
}

round() {
  run_once none
  run_once bulwark "-javaagent:$AGENT"
  OTEL_TRACES_EXPORTER=none OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none \
    run_once opentelemetry "-javaagent:$OTEL"
}

round >/dev/null   # warm-up: page cache, CDS archive, JIT of nothing in particular
{
  printf 'config\tmicros_to_end_of_main\tmax_rss_kb\tcpu_millis\n'
  for ((i = 1; i <= RUNS; i++)); do round; done
} >"$OUT"
echo "opentelemetry-javaagent $otel_version" >"$OUT.otel-version"

python3 - "$OUT" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter='\t'))
for config in ('none', 'bulwark', 'opentelemetry'):
    r = [x for x in rows if x['config'] == config]
    ms = statistics.median(int(x['micros_to_end_of_main']) for x in r) / 1000
    rss = statistics.median(int(x['max_rss_kb']) for x in r) / 1024
    cpu = statistics.median(int(x['cpu_millis']) for x in r)
    print(f'{config:14} median of {len(r)}: {ms:8.1f} ms to end of main, {rss:6.1f} MiB max RSS, {cpu} ms CPU (user+sys, whole process)')
PY
