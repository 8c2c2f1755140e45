#!/usr/bin/env bash
# Benchmarks zkrpc against the hand-written HTTP/JSON floor (rpc-benchmark): builds, starts its own
# ZooKeeper, a provider JVM and a driver (consumer) JVM on 127.0.0.1, drives closed-loop load and
# prints RESULT and RATIO lines. Every process it starts is ended by its PID, also when interrupted.
# Run ./bench.sh --help for the modes and options.
set -euo pipefail
cd "$(dirname "$0")"

WORK=.bench
HOST=127.0.0.1
HEAP=512m
ZK_FIRST_PORT=2191

usage() {
  cat <<'USAGE'
usage: ./bench.sh [MODE] [OPTIONS]

modes:
  compare (default)  every scenario through the two hand-written floors and through zkrpc, in
                     alternating rounds; prints ROUND lines as it goes, then per scenario
                     RESULT lines (medians over the rounds), a RATIO line (zkrpc over the servlet
                     floor, floor-servlet), a RATIO_MVC line (zkrpc over the MVC floor, floor) and
                     a VERDICT line: issue 15's done-when rule against the servlet floor
                     (throughput=, p99= and alloc= ratios, p50_delta_us= zkrpc's p50 minus the
                     floor's; pass=true when, at C=1, that delta is at most 10 us, above C=1,
                     throughput >= 1 and p99 <= 1, and in every scenario alloc <= 1)
  registry           the registry at scale, through zkrpc's ZkRegistryCenter: 10,000 instances of
                     1,000 services registered by 250 provider sessions (25 applications of 10
                     replicas, 40 services each), 50 consumer sessions subscribed to 20 services
                     each; prints RESULT lines for the full view, one change (p50/p99 over 200), a
                     deploy storm of 1,000 re-registrations, the server's watches, znodes, data
                     (wchs, mntr), live heap and snapshot, the consumers' heap per subscribed
                     service, and a ZooKeeper restart (same port and data): time until every
                     registration and every subscription is whole again, sessions suspended,
                     lost and renewed. The shape:
                     --bench.registry-NAME=VALUE with NAME one of services, instances, providers,
                     consumers, subscriptions, changes, storm, session-timeout (e.g. 30s)
  soak [MINUTES]     findById at C=32 through zkrpc for MINUTES (default 5); after every minute
                     a full GC in both JVMs and a SOAK line with their old generation, then a
                     RESULT line with the figures at 1 minute and at the end

options:
  --warmup SECONDS     unmeasured warm-up before each measured window (default 3)
  --measure SECONDS    measured window of each run (default 10)
  --rounds N           rounds of every target per scenario (default 3)
  --prewarm SECONDS    unmeasured run of every scenario on every target before round 1 (default 5)
  --scenarios LIST     comma-separated scenarios, by name or name/concurrency (default all):
                       findById/1, findById/32, echo1k/32, list100/8, payload256k/4
  --targets LIST       comma-separated, from floor-servlet, floor, zkrpc, zkrpc-auth, zkrpc-observed,
                       zkrpc-governed, zkrpc-jsonb (default floor-servlet,floor,zkrpc); floor-servlet is the
                       hand-written call on a plain servlet registered as zkrpc's endpoint is (RATIO
                       and VERDICT need it and zkrpc), floor the same call in a Spring MVC controller
                       (RATIO_MVC needs it and zkrpc); zkrpc-auth, zkrpc with signed calls (zkrpc.security),
                       adds RATIO_AUTH lines (zkrpc-auth over zkrpc), e.g. --targets zkrpc,zkrpc-auth
                       --scenarios findById/32;
                       zkrpc-observed, zkrpc with observations on both sides (Micrometer timers and
                       Brave spans, every call sampled), adds RATIO_OBSERVED lines (zkrpc-observed over zkrpc)
                       (--bench.trace-sampling=0.1 records a tenth of the traces, Spring Boot's default;
                       --bench.long-task-timer=false drops the .active timers on both sides, as
                       management.observations.long-task-timer.enabled=false does);
                       zkrpc-governed, zkrpc with issue 11's governance on (a consumer and a provider
                       filter reading an attachment, two attachments set per call, one of them
                       propagated, the provider tagged and the call naming its tag, the p2c balancer),
                       adds RATIO_GOVERNED lines (zkrpc-governed over zkrpc); the provider's filter and
                       tag are then on for every target of the run (see docs/performance.md);
                       zkrpc-jsonb, zkrpc with zkrpc.consumer.codec=jsonb (same provider and service),
                       adds RATIO_JSONB lines (zkrpc-jsonb over zkrpc)
  --heap SIZE          heap of the provider and the driver, -Xms and -Xmx (default 512m; registry
                       mode: of the benchmark's JVM, default 1g)
  --jfr                record both JVMs with JFR (.bench/provider.jfr, .bench/driver.jfr) and
                       print the 10 most sampled top frames of each
  --no-build           use the jars of the last build instead of running Maven
  --bench.NAME=VALUE   passed to the driver as is (see BenchProperties), e.g. --bench.soak-interval=20s
  -h, --help           this text

The default run (5 scenarios x 3 targets x 3 rounds x 13 s, plus 5 s of pre-warm per scenario
and target: 660 s of load) takes about 12 minutes on 2 cores with the build and the start-up.
Logs are in .bench/.
USAGE
}

usage_error() { echo "bench: $*" >&2; usage >&2; exit 2; }

MODE=compare
if [ $# -gt 0 ] && [[ "$1" != -* ]]; then
  MODE=$1
  shift
fi
DRIVER_ARGS=()
case "$MODE" in
  compare) DRIVER_ARGS+=(--bench.mode=compare) ;;
  soak)
    MINUTES=5
    if [ $# -gt 0 ] && [[ "$1" != -* ]]; then
      [[ "$1" =~ ^[1-9][0-9]*$ ]] || usage_error "soak takes a whole number of minutes, not '$1'"
      MINUTES=$1
      shift
    fi
    DRIVER_ARGS+=(--bench.mode=soak "--bench.soak=${MINUTES}m") ;;
  registry) HEAP=1g ;;
  help) usage; exit 0 ;;
  *) usage_error "unknown mode '$MODE'" ;;
esac

JFR=false
BUILD=true
PROVIDER_ARGS=()
seconds_arg() { [[ "${2:-}" =~ ^[0-9]+$ ]] || usage_error "$1 takes a whole number of seconds"; }
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --warmup|--measure|--prewarm) seconds_arg "$@"; DRIVER_ARGS+=("--bench.${1#--}=${2}s"); shift 2 ;;
    --rounds) [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || usage_error "--rounds takes a number of at least 1"
      DRIVER_ARGS+=("--bench.rounds=$2"); shift 2 ;;
    --scenarios|--targets) [ -n "${2:-}" ] || usage_error "$1 takes a list"
      # The provider makes an ObservationRegistry only for zkrpc-observed, so that other runs observe nothing.
      if [ "$1" = --targets ] && [[ ",$2," == *,zkrpc-observed,* ]]; then PROVIDER_ARGS+=(--bench.observed=true); fi
      # Likewise its provider filter and tag only for zkrpc-governed (a provider filter or a tag is for every service).
      if [ "$1" = --targets ] && [[ ",$2," == *,zkrpc-governed,* ]]; then
        PROVIDER_ARGS+=(--bench.governed=true --zkrpc.provider.tag=bench)
      fi
      DRIVER_ARGS+=("--bench.${1#--}=$2"); shift 2 ;;
    --heap) [[ "${2:-}" =~ ^[0-9]+[mMgG]$ ]] || usage_error "--heap takes a size such as 512m"
      HEAP=$2; shift 2 ;;
    --jfr) JFR=true; shift ;;
    --no-build) BUILD=false; shift ;;
    --bench.long-task-timer=*) DRIVER_ARGS+=("$1"); PROVIDER_ARGS+=("$1"); shift ;;
    --bench.*=*) DRIVER_ARGS+=("$1"); shift ;;
    *) usage_error "unknown option '$1'" ;;
  esac
done

REGISTRY_ARGS=()
if [ "$MODE" = registry ]; then
  for arg in ${DRIVER_ARGS[@]+"${DRIVER_ARGS[@]}"}; do
    [[ "$arg" == --bench.registry-*=* ]] || usage_error "registry mode takes --bench.registry-NAME=VALUE, --heap and --no-build, not '$arg'"
    REGISTRY_ARGS+=("${arg#--bench.registry-}")
  done
  ZK_4LW=wchs,mntr # the benchmark reads ZooKeeper's own watch count and figures
fi

source scripts/common.sh
trap cleanup EXIT
trap 'exit 130' INT TERM
provider_ready() {
  alive "$PROVIDER_PID" "$WORK/provider.log"
  [ -s "$WORK/provider.port" ] && grep -q "Registered io.zkrpc.benchmark.api.BenchService" "$WORK/provider.log"
}

top_frames() { # top_frames JFR_FILE: the 10 most sampled top frames of jdk.ExecutionSample, start-up's main thread left out
  "$JFR_TOOL" print --events jdk.ExecutionSample "$1" | awk '
    /sampledThread = / { startup = ($0 ~ /sampledThread = "(main|background-preinit)"/) }
    /stackTrace = \[/ && !startup {
      if ((getline frame) > 0) { sub(/^[ \t]+/, "", frame); sub(/[ \t]+line:.*$/, "", frame); count[frame]++; total++ }
    }
    END { for (f in count) printf "%7d %5.1f%%  %s\n", count[f], 100 * count[f] / total, f }' \
    | sort -rn | awk 'NR <= 10' # awk, not head, reads to the end: no SIGPIPE under pipefail
}

rm -rf "$WORK" && mkdir -p "$WORK/lib"
START=$SECONDS

echo "== machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ *//')), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) memory"
echo "== java -version"
java -version 2>&1

if $BUILD; then
  echo "== building rpc-benchmark and what it needs (mvn package; log in $WORK/build.log)"
  mvn -B -q -DskipTests -pl rpc-benchmark -am package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime > "$WORK/build.log" 2>&1 \
    || { tail -40 "$WORK/build.log"; fail "the build failed"; }
fi
for built in rpc-benchmark/target/classpath.txt rpc-registry-zk/target/classpath.txt; do
  [ -f "$built" ] || fail "no build to run; run without --no-build"
done
ZK_CLASSPATH=$(cat rpc-registry-zk/target/classpath.txt)
# The project's own jars are copied, so that a build running meanwhile cannot change them under the JVMs.
CLASSPATH_ENTRIES=()
IFS=: read -r -a DEPENDENCIES < rpc-benchmark/target/classpath.txt || true # no newline at its end
for jar in rpc-benchmark/target/rpc-benchmark-*.jar "${DEPENDENCIES[@]}"; do
  if [[ "$jar" == /* && "$jar" != "$PWD"/* ]]; then
    CLASSPATH_ENTRIES+=("$jar")
  else
    cp "$jar" "$WORK/lib/" && CLASSPATH_ENTRIES+=("$WORK/lib/$(basename "$jar")")
  fi
done
BENCH_CLASSPATH=$(IFS=:; echo "${CLASSPATH_ENTRIES[*]}")

ZK_PORT=$ZK_FIRST_PORT
while port_open "$HOST" "$ZK_PORT"; do
  ZK_PORT=$((ZK_PORT + 1))
  [ "$ZK_PORT" -lt $((ZK_FIRST_PORT + 100)) ] || fail "no free port for ZooKeeper in $ZK_FIRST_PORT-$((ZK_PORT - 1))"
done
echo "== starting ZooKeeper at $HOST:$ZK_PORT"
start_zookeeper "$HOST" "$ZK_PORT" "$WORK"

# The same flags for both JVMs: a fixed heap, G1, C2 (no TieredStopAtLevel).
JVM_OPTS=("-Xms$HEAP" "-Xmx$HEAP" -XX:+UseG1GC -XX:+AlwaysPreTouch)

if [ "$MODE" = registry ]; then
  echo "== registry: ${REGISTRY_ARGS[*]:-the default shape} (heap $HEAP)"
  java "${JVM_OPTS[@]}" -cp "$BENCH_CLASSPATH" io.zkrpc.benchmark.registry.RegistryBenchmark "zookeeper=$HOST:$ZK_PORT" \
    "restart-request=$WORK/zookeeper.restart" "heap-request=$WORK/zookeeper.heap" ${REGISTRY_ARGS[@]+"${REGISTRY_ARGS[@]}"} > "$WORK/registry.log" 2>&1 &
  PIDS+=($!)
  REGISTRY_PID=$!
  tail --pid="$REGISTRY_PID" -n +1 -f "$WORK/registry.log" | grep --line-buffered -E '^(# |RESULT )' &
  # The benchmark asks for a ZooKeeper restart by creating zookeeper.restart (deleting it says the server was started
  # again), and for the server's live heap by creating zookeeper.heap.
  while kill -0 "$REGISTRY_PID" 2>/dev/null; do
    if [ -f "$WORK/zookeeper.restart" ]; then
      stop_pids "${ZK_SERVER_PID[0]}"
      start_zookeeper "$HOST" "$ZK_PORT" "$WORK"
      rm -f "$WORK/zookeeper.restart"
    fi
    if [ -f "$WORK/zookeeper.heap" ]; then # live objects after a full GC (the histogram's own), every node and watch in them
      LIVE=$(jcmd "${ZK_SERVER_PID[0]}" GC.class_histogram 2>/dev/null | awk '$1 == "Total" { print $3 }')
      echo "RESULT scenario=registry-server-heap live_bytes=${LIVE:-unknown}"
      rm -f "$WORK/zookeeper.heap"
    fi
    sleep 0.05
  done
  STATUS=0
  wait "$REGISTRY_PID" || STATUS=$?
  wait || true # the log's tail ends with the benchmark
  SNAPSHOT_BYTES=0 # the largest snapshot: the one ZooKeeper took when it started again with every node
  for snapshot in "$WORK"/zookeeper/version-2/snapshot.*; do
    [ -f "$snapshot" ] || continue
    size=$(stat -c %s "$snapshot")
    [ "$size" -le "$SNAPSHOT_BYTES" ] || SNAPSHOT_BYTES=$size
  done
  [ "$STATUS" -ne 0 ] || [ "$SNAPSHOT_BYTES" -eq 0 ] || echo "RESULT scenario=registry-snapshot bytes=$SNAPSHOT_BYTES"
  echo "== finished in $((SECONDS - START)) s; logs in $WORK/"
  [ "$STATUS" -eq 0 ] || { tail -40 "$WORK/registry.log" >&2; fail "the registry benchmark exited with $STATUS"; }
  exit 0
fi
jfr_opts() { # jfr_opts NAME: the flags that record the whole life of the JVM into $WORK/NAME.jfr
  if $JFR; then echo "-XX:StartFlightRecording=filename=$WORK/$1.jfr,settings=profile,dumponexit=true"; fi
}
JFR_TOOL="$(dirname "$(readlink -f "$(command -v java)")")/jfr"

# The target zkrpc-auth calls AuthBenchService, whose calls both JVMs sign and check with this secret of its own.
AUTH_SECRET="--zkrpc.security.services[io.zkrpc.benchmark.api.AuthBenchService].secret=bench-secret-$RANDOM$RANDOM"
echo "== starting the provider (heap $HEAP)"
# shellcheck disable=SC2046 # jfr_opts prints one word or none
java "${JVM_OPTS[@]}" $(jfr_opts provider) -cp "$BENCH_CLASSPATH" io.zkrpc.benchmark.provider.BenchProviderApplication \
  "--zkrpc.registry.address=$HOST:$ZK_PORT" "--bench.port-file=$WORK/provider.port" "$AUTH_SECRET" ${PROVIDER_ARGS[@]+"${PROVIDER_ARGS[@]}"} \
  > "$WORK/provider.log" 2>&1 &
PIDS+=($!)
PROVIDER_PID=$!
wait_for 120 "the provider to register" provider_ready
PROVIDER_PORT=$(tr -d '[:space:]' < "$WORK/provider.port")
echo "== provider listening on $HOST:$PROVIDER_PORT (pid $PROVIDER_PID)"

echo "== starting the driver (heap $HEAP): ${DRIVER_ARGS[*]}"
: > "$WORK/driver.log" # exists before tail follows it
# shellcheck disable=SC2046
java "${JVM_OPTS[@]}" $(jfr_opts driver) -cp "$BENCH_CLASSPATH" io.zkrpc.benchmark.driver.BenchDriverApplication \
  "--zkrpc.registry.address=$HOST:$ZK_PORT" "--bench.provider-url=http://$HOST:$PROVIDER_PORT" "$AUTH_SECRET" "${DRIVER_ARGS[@]}" \
  > "$WORK/driver.log" 2>&1 &
PIDS+=($!)
DRIVER_PID=$!
tail --pid="$DRIVER_PID" -n +1 -f "$WORK/driver.log" \
  | grep --line-buffered -E '^(BENCH|PREWARM|ROUND|ERROR|SOAK|RESULT|RATIO|RATIO_MVC|RATIO_AUTH|RATIO_OBSERVED|RATIO_GOVERNED|RATIO_JSONB|VERDICT) ' || true
STATUS=0
wait "$DRIVER_PID" || STATUS=$?
if [ "$STATUS" -eq 2 ]; then
  tail -40 "$WORK/driver.log" >&2
fi

if $JFR; then
  stop_pids "$PROVIDER_PID" # so that it writes its recording
  for name in driver provider; do
    if [ -s "$WORK/$name.jfr" ]; then
      echo "== $name: top frames of jdk.ExecutionSample ($WORK/$name.jfr)"
      top_frames "$WORK/$name.jfr"
    fi
  done
fi

echo "== finished in $((SECONDS - START)) s; logs in $WORK/"
case "$STATUS" in
  0) ;;
  1) fail "some calls failed (see the ERROR lines and $WORK/driver.log)" ;;
  *) fail "the driver exited with $STATUS; see $WORK/driver.log" ;;
esac
