#!/usr/bin/env bash
# Builds the agent and the benchmarks, runs every JMH benchmark in one JMH invocation, runs
# startup.sh, and writes benchmarks/RESULTS.md.
#
#   benchmarks/run.sh [quick|full] [filter]
#
#   quick   1 fork, 2 x 1s warm-up, 3 x 1s measurement: under 10 minutes on 2 cores, start-up included
#   full    3 forks, 5 x 2s warm-up, 5 x 2s measurement, start-up median of 11: about 50 minutes
#   filter  a JMH regular expression (e.g. 'stack|Baseline'); start-up is then skipped unless STARTUP=1
#
# Environment: BULWARK_AGENT  the agent jar to attach (default: agent/target/bulwark-agent.jar, built here);
#              JAVA_HOME      the JDK that runs everything (default: java on the PATH);
#              SKIP_BUILD=1   use the jars already built;
#              OUTPUT=FILE    write FILE instead of RESULTS.md (in benchmarks/), e.g. to keep a filtered run's
#                             figures apart from a whole run's: OUTPUT=RESULTS-jdbc.md benchmarks/run.sh quick Jdbc
# The Bulwark benchmark classes fork with -javaagent:target/agent/bulwark-agent.jar (relative to
# benchmarks/, where JMH runs), so this script copies the agent there; the other classes fork without it.
# OpenTelemetryJdbc forks with the OpenTelemetry Java agent, copied to target/otel/opentelemetry-javaagent.jar.
# The JDBC benchmarks (class names containing Jdbc) need PostgreSQL on 127.0.0.1:5432 (see Jdbc.java).
set -euo pipefail

mode=${1:-quick}
filter=${2:-}
output=${OUTPUT:-RESULTS.md}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
export JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

case $mode in
  quick) jmh_opts=(-f 1 -wi 2 -w 1s -i 3 -r 1s); startup_runs=7 ;;
  full)  jmh_opts=(-f 3 -wi 5 -w 2s -i 5 -r 2s); startup_runs=11 ;;
  *) echo "usage: benchmarks/run.sh [quick|full] [filter]" >&2; exit 2 ;;
esac

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  echo "run.sh: building the agent and the benchmarks" >&2
  (cd "$root" && mvn -q -B package -DskipTests -pl agent,benchmarks -am)
fi
agent=${BULWARK_AGENT:-$root/agent/target/bulwark-agent.jar}
mkdir -p "$here/target/agent"
cp "$agent" "$here/target/agent/bulwark-agent.jar"

cd "$here"
jmh_cmd=("$JAVA" -jar target/bulwark-benchmarks.jar "${jmh_opts[@]}" -prof gc
         -rf json -rff target/jmh-result.json)
[[ -n $filter ]] && jmh_cmd+=("$filter")

started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
rm -f target/jmh-result.json target/startup.tsv
# What should come back: report.py names any benchmark that failed and left no result.
"$JAVA" -jar target/bulwark-benchmarks.jar -l ${filter:+"$filter"} | tail -n +2 >target/benchmark-list.txt
if grep -q OpenTelemetry target/benchmark-list.txt; then
  # The version lives once, in the parent pom; fetched from Maven Central as startup.sh does.
  otel_version=$(sed -n 's:.*<opentelemetry-javaagent.version>\(.*\)</opentelemetry-javaagent.version>.*:\1:p' ../pom.xml pom.xml | head -1)
  otel=target/otel/opentelemetry-javaagent-$otel_version.jar
  [[ -f $otel ]] || mvn -q -B dependency:copy -Dartifact="io.opentelemetry.javaagent:opentelemetry-javaagent:$otel_version" \
                        -DoutputDirectory=target/otel >&2
  cp "$otel" target/otel/opentelemetry-javaagent.jar
fi
echo "run.sh: ${jmh_cmd[*]}" >&2
"${jmh_cmd[@]}" 2>&1 | tee target/jmh-output.txt | grep -E '^# (Benchmark|Run progress):|^(Benchmark|Baseline|Bulwark|Resilience4j|Failsafe|Jdbc|OpenTelemetry)' >&2 || true

if [[ -z $filter || ${STARTUP:-0} == 1 ]]; then
  echo "run.sh: ./startup.sh $startup_runs" >&2
  ./startup.sh "$startup_runs" >&2
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

python3 report.py \
  --mode "$mode" --filter "$filter" \
  --command "${OUTPUT:+OUTPUT=$OUTPUT }benchmarks/run.sh $mode${filter:+ '$filter'}" \
  --jmh-command "cd benchmarks && ${jmh_cmd[*]}" \
  --startup-command "cd benchmarks && ./startup.sh $startup_runs" \
  --java-version "$("$JAVA" -version 2>&1)" \
  --date "$started" --cores "$(nproc)" \
  --cpu "$(sed -n 's/^model name\s*:\s*//p' /proc/cpuinfo | head -1)" \
  --load "$load_before" --load-after "$load_after" \
  --agent "$agent" \
  --output "$output"
echo "run.sh: wrote benchmarks/$output" >&2
