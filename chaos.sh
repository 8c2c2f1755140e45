#!/usr/bin/env bash
# Fault injection on the seed's setting: a ZooKeeper, three providers (8081-8083) and a consumer
# under steady load from several threads, calling UserService.find (configured idempotent).
# Four faults in turn, each under at least 20 s of load, each followed by recovery:
#   provider-killed    kill -9 of one provider (restarted afterwards)
#   provider-hung      SIGSTOP of one provider for 20 s, then SIGCONT
#   provider-graceful  one provider stopped normally (restarted afterwards)
#   zookeeper-down     ZooKeeper stopped for 30 s, then started again
# Prints one line per fault:
#   RESULT scenario=<name> calls=N failed=M max_latency_ms=L
# and exits non-zero if any call failed. Every process it starts is ended by its PID.
set -euo pipefail
cd "$(dirname "$0")"

ZK_HOST=127.0.0.1
ZK_PORT=${CHAOS_ZK_PORT:-2182}
CONSUMER_PORT=8090
LOAD_THREADS=${CHAOS_THREADS:-8}
FAULT_SECONDS=20
ZK_DOWN_SECONDS=30
WORK=.chaos
JAVA_OPTS=(-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
source scripts/common.sh
trap cleanup EXIT
trap 'exit 130' INT TERM

declare -A PROVIDER_PID
start_provider() { # start_provider PORT
  java "${JAVA_OPTS[@]}" -jar "$PROVIDER_JAR" --server.port="$1" --server.address=127.0.0.1 \
    --zkrpc.provider.host=127.0.0.1 "--zkrpc.registry.address=$ZK_HOST:$ZK_PORT" >> "$WORK/provider-$1.log" 2>&1 &
  PIDS+=($!)
  PROVIDER_PID[$1]=$!
  disown "$!" # ended by its PID like every process here; no job notice when a fault kills it
}
registered() { # registered PORT STARTS: the provider runs, and its log shows STARTS registrations (one per start)
  alive "${PROVIDER_PID[$1]}" "$WORK/provider-$1.log"
  [ "$(grep -c 'Registered io.zkrpc.demo.api.OrderService' "$WORK/provider-$1.log")" -ge "$2" ]
}
consumer_sees_all() {
  http GET $CONSUMER_PORT /load/instances | grep -q 'instances=127.0.0.1:8081,127.0.0.1:8082,127.0.0.1:8083 '
}
result() { # result SCENARIO: prints the RESULT line and remembers failures
  local stats
  stats=$(http GET $CONSUMER_PORT /load/stats) || fail "cannot read the load statistics"
  echo "RESULT scenario=$1 $stats"
  [[ "$stats" == *" failed=0 "* ]] || FAILED=1
}
recover_provider() { # recover_provider PORT STARTS: restart a provider and wait until it is back in use
  start_provider "$1"
  wait_for 120 "provider $1 to register again" registered "$1" "$2"
  wait_for 60 "the consumer to use provider $1 again" consumer_sees_all
}

rm -rf "$WORK" && mkdir -p "$WORK"
echo "== building (mvn package)"
build "$WORK"
port_open "$ZK_HOST" "$ZK_PORT" && fail "port $ZK_PORT is taken; chaos needs its own ZooKeeper (set CHAOS_ZK_PORT)"
for port in 8081 8082 8083 $CONSUMER_PORT; do
  port_open 127.0.0.1 "$port" && fail "port $port is taken"
done
echo "== starting ZooKeeper at $ZK_HOST:$ZK_PORT"
start_zookeeper "$ZK_HOST" "$ZK_PORT" "$WORK"
for port in 8081 8082 8083; do start_provider $port; done
for port in 8081 8082 8083; do wait_for 120 "provider $port to register" registered $port 1; done

java "${JAVA_OPTS[@]}" -jar "$CONSUMER_JAR" --server.port=$CONSUMER_PORT --server.address=127.0.0.1 \
  "--zkrpc.registry.address=$ZK_HOST:$ZK_PORT" --zkrpc.consumer.timeout=1s \
  '--zkrpc.consumer.services[io.zkrpc.demo.api.UserService].methods.find.idempotent=true' \
  > "$WORK/consumer.log" 2>&1 &
PIDS+=($!)
CONSUMER_PID=$!
wait_for 120 "the consumer to start" log_has $CONSUMER_PID "$WORK/consumer.log" "^call 6 served by"
wait_for 30 "the consumer to see three providers" consumer_sees_all
http POST $CONSUMER_PORT "/load/start?threads=$LOAD_THREADS&interval-ms=10" > /dev/null
sleep 3
http GET $CONSUMER_PORT /load/stats > /dev/null
FAILED=0
echo "== steady load: $LOAD_THREADS threads calling UserService.find"

echo "== provider-killed: kill -9 of provider 8081"
kill -KILL "${PROVIDER_PID[8081]}"
wait_for 10 "provider 8081 to die" bash -c "! kill -0 ${PROVIDER_PID[8081]} 2>/dev/null"
forget_pids "${PROVIDER_PID[8081]}"
sleep $FAULT_SECONDS
recover_provider 8081 2
result provider-killed

echo "== provider-hung: SIGSTOP of provider 8082 for ${FAULT_SECONDS}s"
kill -STOP "${PROVIDER_PID[8082]}"
sleep $FAULT_SECONDS
kill -CONT "${PROVIDER_PID[8082]}"
wait_for 60 "the consumer to use provider 8082 again" consumer_sees_all
result provider-hung

echo "== provider-graceful: provider 8083 stopped normally"
kill -TERM "${PROVIDER_PID[8083]}"
sleep $FAULT_SECONDS
wait_for 30 "provider 8083 to stop" bash -c "! kill -0 ${PROVIDER_PID[8083]} 2>/dev/null"
forget_pids "${PROVIDER_PID[8083]}"
recover_provider 8083 2
result provider-graceful

echo "== zookeeper-down: ZooKeeper stopped for ${ZK_DOWN_SECONDS}s"
stop_pids "$ZK_PID"
sleep $ZK_DOWN_SECONDS
start_zookeeper "$ZK_HOST" "$ZK_PORT" "$WORK"
sleep 5
wait_for 60 "the consumer to see three providers" consumer_sees_all
sleep 10
result zookeeper-down

http POST $CONSUMER_PORT /load/stop > /dev/null
[ "$FAILED" -eq 0 ] || { echo "chaos: some calls failed; see $WORK/consumer.log" >&2; exit 1; }
echo "== chaos finished: no call failed"
