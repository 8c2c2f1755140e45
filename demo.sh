#!/usr/bin/env bash
# Runs the seed scenario end to end: a real ZooKeeper, three providers (8081-8083), a consumer
# calling round-robin; then stops the 8081 provider and shows that the registry and the consumer
# both drop it. Needs only a JDK 17+ and Maven. Every process it starts is ended by its PID.
set -euo pipefail
cd "$(dirname "$0")"

ZK_HOST=127.0.0.1
ZK_PORT=2181
CONSUMER_PORT=8090
WORK=.demo
JAVA_OPTS=(-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto)
PIDS=()

stop_pids() { # stop_pids PID...: SIGTERM, up to 20 s to exit, then SIGKILL
  local pid
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "$@"; do
    for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}
cleanup() { # the applications first, so that they can unregister; ZooKeeper last
  local apps=() pid
  for pid in "${PIDS[@]}"; do [ "$pid" = "${ZK_PID:-}" ] || apps+=("$pid"); done
  [ ${#apps[@]} -eq 0 ] || stop_pids "${apps[@]}"
  [ -z "${ZK_PID:-}" ] || stop_pids "$ZK_PID"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() { echo "demo failed: $*" >&2; exit 1; }

# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND every 0.25 s until it succeeds.
wait_for() {
  local seconds=$1 what=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || fail "timed out after ${seconds}s waiting for $what"
    sleep 0.25
  done
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
alive() { kill -0 "$1" 2>/dev/null || fail "process $1 died; see $2"; }
log_has() { alive "$1" "$2"; grep -q "$3" "$2"; }

http_get() { # http_get PORT PATH: prints the body of a GET, fails unless the status is 200
  local response
  exec 3<>"/dev/tcp/127.0.0.1/$1"
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3
  response=$(cat <&3 | tr -d '\r')
  exec 3<&-
  [[ "$response" == "HTTP/1.1 200"* ]] || { echo "$response" >&2; return 1; }
  printf '%s\n' "${response#*$'\n\n'}"
}

zk_tree() {
  java -cp "$ZK_CLASSPATH" org.apache.zookeeper.ZooKeeperMain -server "$ZK_HOST:$ZK_PORT" ls -R /zkrpc 2>/dev/null \
    | grep '^/' || true
}

rm -rf "$WORK" && mkdir -p "$WORK"

echo "== building (mvn package)"
mvn -B -q -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime > "$WORK/build.log" 2>&1 \
  || { tail -40 "$WORK/build.log"; fail "the build failed"; }
ZK_CLASSPATH=$(cat rpc-registry-zk/target/classpath.txt)
PROVIDER_JAR=$(ls rpc-demo-provider/target/rpc-demo-provider-*.jar | head -1)
CONSUMER_JAR=$(ls rpc-demo-consumer/target/rpc-demo-consumer-*.jar | head -1)

if port_open "$ZK_HOST" "$ZK_PORT"; then
  echo "== using the ZooKeeper already running at $ZK_HOST:$ZK_PORT"
else
  echo "== starting ZooKeeper at $ZK_HOST:$ZK_PORT"
  mkdir -p "$WORK/zookeeper"
  cat > "$WORK/zoo.cfg" <<CFG
tickTime=500
dataDir=$PWD/$WORK/zookeeper
clientPortAddress=$ZK_HOST
clientPort=$ZK_PORT
admin.enableServer=false
4lw.commands.whitelist=*
CFG
  java "${JAVA_OPTS[@]}" -cp "$ZK_CLASSPATH" org.apache.zookeeper.server.quorum.QuorumPeerMain "$WORK/zoo.cfg" \
    > "$WORK/zookeeper.log" 2>&1 &
  PIDS+=($!)
  ZK_PID=$!
  wait_for 30 "ZooKeeper to listen" bash -c "kill -0 $ZK_PID && (exec 3<>/dev/tcp/$ZK_HOST/$ZK_PORT) 2>/dev/null"
fi

declare -A PROVIDER_PID
for port in 8081 8082 8083; do
  java "${JAVA_OPTS[@]}" -jar "$PROVIDER_JAR" --server.port=$port --server.address=127.0.0.1 \
    --zkrpc.provider.host=127.0.0.1 --zkrpc.registry.address=$ZK_HOST:$ZK_PORT > "$WORK/provider-$port.log" 2>&1 &
  PIDS+=($!)
  PROVIDER_PID[$port]=$!
  echo "== started provider $port (pid $!)"
done
for port in 8081 8082 8083; do
  wait_for 120 "provider $port to register" log_has "${PROVIDER_PID[$port]}" "$WORK/provider-$port.log" \
    "Registered io.zkrpc.demo.api.OrderService"
done

echo "== registry tree"
zk_tree

java "${JAVA_OPTS[@]}" -jar "$CONSUMER_JAR" --server.port=$CONSUMER_PORT --server.address=127.0.0.1 \
  --zkrpc.registry.address=$ZK_HOST:$ZK_PORT > "$WORK/consumer.log" 2>&1 &
PIDS+=($!)
CONSUMER_PID=$!
echo "== started consumer (pid $CONSUMER_PID)"
wait_for 120 "the consumer's six calls" log_has "$CONSUMER_PID" "$WORK/consumer.log" "^call 6 served by"
grep -E '^(find|findAll|byName|place)\(' "$WORK/consumer.log"
grep -E '^call [0-9]+ served by ' "$WORK/consumer.log"

kill -TERM "${PROVIDER_PID[8081]}"
wait_for 60 "provider 8081 to stop" bash -c "! kill -0 ${PROVIDER_PID[8081]} 2>/dev/null"
echo "stopped provider 8081"

echo "== registry tree"
TREE=$(zk_tree)
echo "$TREE"
if grep -q ':8081' <<<"$TREE"; then fail "8081 is still registered"; fi
wait_for 30 "the consumer to drop 8081" bash -c \
  "grep 'Instances of io.zkrpc.demo.api.UserService@default changed' '$WORK/consumer.log' | tail -1 | grep -qv ':8081'"
echo "consumer sees: $(grep 'Instances of io.zkrpc.demo.api.UserService@default changed' "$WORK/consumer.log" | tail -1 | sed 's/.*changed: //')"

CALLS=$(http_get $CONSUMER_PORT "/calls?count=4") || fail "the consumer's calls failed"
echo "$CALLS"
[ "$(grep -cE '^call [0-9]+ served by 127\.0\.0\.1:808[23]$' <<<"$CALLS")" -eq 4 ] \
  || fail "expected four calls served by 8082 or 8083"
echo "== demo finished: every call succeeded, none after the stop went to 8081"
