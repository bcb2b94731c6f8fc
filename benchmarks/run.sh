#!/usr/bin/env bash
# Builds the agent and the benchmarks, runs every JMH benchmark in one JMH invocation, runs
# startup.sh, and writes benchmarks/RESULTS.md (all of it generated; the hand-written, dated history is
# benchmarks/HISTORY.md, which this script never writes).
#
#   benchmarks/run.sh [quick|full] [filter]
#
#   quick   1 fork, 2 x 1s warm-up, 3 x 1s measurement, start-up median of 7
#   full    3 forks, 5 x 2s warm-up, 5 x 2s measurement, start-up median of 11
#   filter  a JMH regular expression (e.g. 'stack|Baseline'); start-up is then skipped unless STARTUP=1
#
# How long: forks x (warm-ups x w + iterations x r) per benchmark, plus about 2 s per fork to start a
# JVM (agent premain, JDBC set-up), plus (runs + 1) start-up rounds of about 4 s, plus the build. With
# the 65 benchmarks of this module that is, on the 2-core machine:
#   quick   65 x 1 x (2 + 3) s = 5.4 min measured, + 65 x 2 s + 8 x 4 s = 8.1 min, about 9 with the build
#   full    65 x 3 x (10 + 10) s = 65 min measured, + 195 x 2 s + 12 x 4 s = 72.3 min, about 75 with the build
# run.sh prints this estimate for the benchmarks it is about to run, and RESULTS.md records the elapsed time.
#
# Environment: BULWARK_AGENT  the agent jar to attach (default: agent/target/bulwark-agent.jar, built here);
#              JAVA_HOME      the JDK that runs everything (default: java on the PATH);
#              SKIP_BUILD=1   use the jars already built;
#              OUTPUT=FILE    write FILE instead of RESULTS.md (relative to benchmarks/), e.g. to keep a filtered
#                             run's figures apart from a whole run's: OUTPUT=target/jdbc.md benchmarks/run.sh quick Jdbc
#                             (never HISTORY.md, which is hand-written)
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

# forks, warm-up iterations and seconds, measurement iterations and seconds, start-up runs
case $mode in
  quick) forks=1 wi=2 w=1 i=3 r=1 startup_runs=7 ;;
  full)  forks=3 wi=5 w=2 i=5 r=2 startup_runs=11 ;;
  *) echo "usage: benchmarks/run.sh [quick|full] [filter]" >&2; exit 2 ;;
esac
jmh_opts=(-f "$forks" -wi "$wi" -w "${w}s" -i "$i" -r "${r}s")
[[ $(basename "$output") != HISTORY.md ]] \
  || { echo "run.sh: OUTPUT=$output would overwrite the hand-written history; name another file" >&2; exit 2; }

# What was measured: the commit, and the uncommitted changes built with it (the report being
# rewritten does not count).
wall_start=$(date +%s)
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || true)
dirty=$(git -C "$root" status --porcelain --no-renames --untracked-files=normal -- . ":(exclude)benchmarks/$output" 2>/dev/null \
        | cut -c4- | tr '\n' ' ' || true)
[[ -z $dirty ]] || echo "run.sh: the tree has uncommitted changes; $output will say so: $dirty" >&2

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
count=$(grep -c . target/benchmark-list.txt || true)
measured=$(( count * forks * (wi * w + i * r) ))
estimate=$(( measured + count * forks * 2 ))
[[ -n $filter && ${STARTUP:-0} != 1 ]] || estimate=$(( estimate + (startup_runs + 1) * 4 ))
echo "run.sh: $count benchmarks x $forks fork(s) x ($wi x ${w}s + $i x ${r}s) = $measured s measured;" \
     "about $(( (estimate + 59) / 60 )) min with JVM starts${filter:+ (start-up only with STARTUP=1)}" >&2
echo "run.sh: ${jmh_cmd[*]}" >&2
"${jmh_cmd[@]}" 2>&1 | tee target/jmh-output.txt | grep -E '^# (Benchmark|Run progress):|^(Benchmark|Baseline|Bulwark|Resilience4j|Failsafe|Jdbc|OpenTelemetry)' >&2 || true

if [[ -z $filter || ${STARTUP:-0} == 1 ]]; then
  echo "run.sh: ./startup.sh $startup_runs" >&2
  ./startup.sh "$startup_runs" >&2
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
wall_seconds=$(( $(date +%s) - wall_start ))

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
  --commit "$commit" --dirty "$dirty" --elapsed "$wall_seconds" \
  --build "$([[ ${SKIP_BUILD:-0} == 1 ]] && echo no || echo yes)" \
  --output "$output"
echo "run.sh: wrote benchmarks/$output" >&2
