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
source scripts/common.sh
trap cleanup EXIT
trap 'exit 130' INT TERM

zk_tree() { # ZooKeeper's command-line client, with the commons-cli it needs (a dependency of rpc-demo-provider only)
  java -cp "$ZK_CLASSPATH:$COMMONS_CLI_JAR" org.apache.zookeeper.ZooKeeperMain -server "$ZK_HOST:$ZK_PORT" ls -R /zkrpc \
    2>/dev/null | grep '^/' || true
}

rm -rf "$WORK" && mkdir -p "$WORK"

echo "== building (mvn package)"
build "$WORK"
COMMONS_CLI_JAR=$(tr ':' '\n' < rpc-demo-provider/target/classpath.txt | grep '/commons-cli-[^/]*\.jar$') \
  || fail "no commons-cli in rpc-demo-provider's class path"

if port_open "$ZK_HOST" "$ZK_PORT"; then
  echo "== using the ZooKeeper already running at $ZK_HOST:$ZK_PORT"
else
  echo "== starting ZooKeeper at $ZK_HOST:$ZK_PORT"
  start_zookeeper "$ZK_HOST" "$ZK_PORT" "$WORK"
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
forget_pids "${PROVIDER_PID[8081]}"
echo "stopped provider 8081"

echo "== registry tree"
TREE=$(zk_tree)
echo "$TREE"
if grep -q ':8081' <<<"$TREE"; then fail "8081 is still registered"; fi
wait_for 30 "the consumer to drop 8081" bash -c \
  "grep 'Instances of io.zkrpc.demo.api.UserService@default changed' '$WORK/consumer.log' | tail -1 | grep -qv ':8081'"
echo "consumer sees: $(grep 'Instances of io.zkrpc.demo.api.UserService@default changed' "$WORK/consumer.log" | tail -1 | sed 's/.*changed: //')"

CALLS=$(http GET $CONSUMER_PORT "/calls?count=4") || fail "the consumer's calls failed"
echo "$CALLS"
[ "$(grep -cE '^call [0-9]+ served by 127\.0\.0\.1:808[23]$' <<<"$CALLS")" -eq 4 ] \
  || fail "expected four calls served by 8082 or 8083"
echo "== demo finished: every call succeeded, none after the stop went to 8081"
