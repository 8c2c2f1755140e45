#!/usr/bin/env bash
# Fault injection on the seed's setting, with ZooKeeper as a three-server ensemble on 127.0.0.1 (client
# ports 2182-2184), three providers (8081-8083, ZooKeeper session timeout 4 s) and a consumer under steady
# load from several threads, calling UserService.find (configured idempotent).
# Seven faults in turn, each under load, each followed by recovery:
#   provider-killed          kill -9 of one provider (restarted afterwards)
#   provider-hung            SIGSTOP of one provider for 20 s, then SIGCONT
#   provider-graceful        one provider stopped normally (restarted afterwards)
#   zookeeper-down           the whole ensemble stopped for 30 s, then started again
#   rolling-restart          the three providers stopped normally and started again, one after another,
#                            each back in the consumer's list before the next one goes (as a deployment does)
#   session-expired          one provider paused (SIGSTOP) until its session expires and its node goes,
#                            then resumed: it registers again under a new session
#   zookeeper-leader-killed  kill -9 of the ensemble's leader (found with srvr); the two others elect
#                            a new one; the killed server is started again and rejoins
# Prints one line per fault:
#   RESULT scenario=<name> calls=N failed=M max_latency_ms=L
# and exits non-zero if any call failed. Takes about 4 minutes after the build.
# Every process it starts is ended by its PID.
set -euo pipefail
cd "$(dirname "$0")"

ZK_HOST=127.0.0.1
ZK_PORT=${CHAOS_ZK_PORT:-2182}
ZK_PORTS=("$ZK_PORT" $((ZK_PORT + 1)) $((ZK_PORT + 2))) # server N of the ensemble listens on ZK_PORTS[N-1]
CONSUMER_PORT=8090
LOAD_THREADS=${CHAOS_THREADS:-8}
FAULT_SECONDS=20
ZK_DOWN_SECONDS=30
SESSION_TIMEOUT=4s # the providers' (their connection timeout is shorter); ZooKeeper (tickTime 500 ms) grants 1 to 10 s
WORK=.chaos
JAVA_OPTS=(-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
source scripts/common.sh
trap cleanup EXIT
trap 'exit 130' INT TERM

ZK_SERVERS=$(ensemble_servers "$ZK_HOST" "${ZK_PORTS[@]}")
ZK_CONNECT=$(printf "$ZK_HOST:%s," "${ZK_PORTS[@]}") && ZK_CONNECT=${ZK_CONNECT%,}

start_zk_server() { # start_zk_server ID: server ID of the ensemble (1-3)
  start_zookeeper "$ZK_HOST" "${ZK_PORTS[$1 - 1]}" "$WORK" "$1" "$ZK_SERVERS"
}
stop_zk_server() { # stop_zk_server ID SIGNAL: ends server ID with SIGNAL (TERM or KILL) and waits until it is gone
  local pid=${ZK_SERVER_PID[$1]}
  if [ "$2" = KILL ]; then
    kill -KILL "$pid"
    wait_for 10 "ZooKeeper server $1 to die" bash -c "! kill -0 $pid 2>/dev/null"
    forget_pids "$pid"
  else
    stop_pids "$pid"
  fi
  unset "ZK_SERVER_PID[$1]"
}
ensemble_serves() { # ensemble_serves N: N servers serve, one of them as the leader
  local id mode serving=0 leaders=0
  for id in 1 2 3; do
    mode=$(zk_mode "$ZK_HOST" "${ZK_PORTS[$id - 1]}") || continue
    serving=$((serving + 1))
    [ "$mode" != leader ] || leaders=$((leaders + 1))
  done
  [ "$serving" -eq "$1" ] && [ "$leaders" -eq 1 ]
}
ensemble_leader() { # prints the id of the server that answers "Mode: leader" to srvr
  local id
  for id in 1 2 3; do
    [ "$(zk_mode "$ZK_HOST" "${ZK_PORTS[$id - 1]}")" != leader ] || { echo "$id"; return 0; }
  done
  return 1
}

declare -A PROVIDER_PID REGISTRATIONS_BEFORE
registrations() { # registrations PORT: how many times the provider's log shows it registered (one per start)
  grep -c 'Registered io.zkrpc.demo.api.OrderService' "$WORK/provider-$1.log" || true
}
start_provider() { # start_provider PORT
  touch "$WORK/provider-$1.log"
  REGISTRATIONS_BEFORE[$1]=$(registrations "$1")
  java "${JAVA_OPTS[@]}" -jar "$PROVIDER_JAR" --server.port="$1" --server.address=127.0.0.1 \
    --zkrpc.provider.host=127.0.0.1 "--zkrpc.registry.address=$ZK_CONNECT" \
    "--zkrpc.registry.session-timeout=$SESSION_TIMEOUT" --zkrpc.registry.connection-timeout=2s >> "$WORK/provider-$1.log" 2>&1 &
  PIDS+=($!)
  PROVIDER_PID[$1]=$!
  disown "$!" # ended by its PID like every process here; no job notice when a fault kills it
}
registered() { # registered PORT: the provider runs, and registered since it was last started
  alive "${PROVIDER_PID[$1]}" "$WORK/provider-$1.log"
  [ "$(registrations "$1")" -gt "${REGISTRATIONS_BEFORE[$1]}" ]
}
stop_provider() { # stop_provider PORT: a graceful stop (SIGTERM), waiting until the process is gone
  kill -TERM "${PROVIDER_PID[$1]}"
  wait_for 30 "provider $1 to stop" bash -c "! kill -0 ${PROVIDER_PID[$1]} 2>/dev/null"
  forget_pids "${PROVIDER_PID[$1]}"
}
consumer_instances() { # the UserService instances the consumer calls, comma-separated
  http GET $CONSUMER_PORT /load/instances | sed -n 's/^instances=\([^ ]*\) .*/\1/p'
}
consumer_sees_all() {
  [ "$(consumer_instances)" = 127.0.0.1:8081,127.0.0.1:8082,127.0.0.1:8083 ]
}
consumer_lacks() { # consumer_lacks PORT: the consumer's list is known and PORT is not in it
  local list
  list=$(consumer_instances) && [ -n "$list" ] && [[ ",$list," != *",127.0.0.1:$1,"* ]]
}
result() { # result SCENARIO: prints the RESULT line and remembers failures
  local stats
  stats=$(http GET $CONSUMER_PORT /load/stats) || fail "cannot read the load statistics"
  echo "RESULT scenario=$1 $stats"
  [[ "$stats" == *" failed=0 "* ]] || FAILED=1
}
recover_provider() { # recover_provider PORT: restart a provider and wait until it is back in use
  start_provider "$1"
  wait_for 120 "provider $1 to register again" registered "$1"
  wait_for 60 "the consumer to use provider $1 again" consumer_sees_all
}

rm -rf "$WORK" && mkdir -p "$WORK"
echo "== building (mvn package)"
build "$WORK"
for port in "${ZK_PORTS[@]}"; do
  for taken in "$port" $((port + 10000)) $((port + 20000)); do
    port_open "$ZK_HOST" "$taken" && fail "port $taken is taken; chaos needs its own ZooKeeper ensemble (set CHAOS_ZK_PORT)"
  done
done
for port in 8081 8082 8083 $CONSUMER_PORT; do
  port_open 127.0.0.1 "$port" && fail "port $port is taken"
done
echo "== starting a ZooKeeper ensemble at $ZK_CONNECT"
for id in 1 2 3; do start_zk_server $id; done
wait_for 60 "the ensemble to elect a leader" ensemble_serves 3
for port in 8081 8082 8083; do start_provider $port; done
for port in 8081 8082 8083; do wait_for 120 "provider $port to register" registered $port; done

java "${JAVA_OPTS[@]}" -jar "$CONSUMER_JAR" --server.port=$CONSUMER_PORT --server.address=127.0.0.1 \
  "--zkrpc.registry.address=$ZK_CONNECT" --zkrpc.consumer.timeout=1s \
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
recover_provider 8081
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
recover_provider 8083
result provider-graceful

echo "== zookeeper-down: the ZooKeeper ensemble stopped for ${ZK_DOWN_SECONDS}s"
for id in 1 2 3; do stop_zk_server $id TERM; done
sleep $ZK_DOWN_SECONDS
for id in 1 2 3; do start_zk_server $id; done
wait_for 60 "the ensemble to elect a leader" ensemble_serves 3
sleep 5
wait_for 60 "the consumer to see three providers" consumer_sees_all
sleep 10
result zookeeper-down

echo "== rolling-restart: providers 8081, 8082, 8083 restarted one after another"
for port in 8081 8082 8083; do
  stop_provider $port
  echo "stopped provider $port"
  recover_provider $port
  echo "provider $port is back in the consumer's list"
done
result rolling-restart

echo "== session-expired: provider 8082 paused past its ${SESSION_TIMEOUT} session timeout, then resumed"
kill -STOP "${PROVIDER_PID[8082]}"
paused_at=$SECONDS
wait_for 60 "the consumer to drop provider 8082 (its session expired)" consumer_lacks 8082
echo "provider 8082's node went after $((SECONDS - paused_at))s paused"
kill -CONT "${PROVIDER_PID[8082]}"
resumed_at=$SECONDS
wait_for 60 "provider 8082 to register again under a new session" consumer_sees_all
echo "provider 8082 was back in the consumer's list $((SECONDS - resumed_at))s after it resumed"
sleep 10
result session-expired

LEADER=$(ensemble_leader) || fail "no ZooKeeper server answers as the leader"
echo "== zookeeper-leader-killed: kill -9 of the leader, server $LEADER (port ${ZK_PORTS[$LEADER - 1]})"
stop_zk_server "$LEADER" KILL
killed_at=$SECONDS
wait_for 60 "the two other servers to elect a leader" ensemble_serves 2
echo "server $(ensemble_leader) leads after $((SECONDS - killed_at))s"
sleep 10
start_zk_server "$LEADER"
wait_for 60 "server $LEADER to rejoin the ensemble" ensemble_serves 3
echo "server $LEADER rejoined the ensemble as a $(zk_mode "$ZK_HOST" "${ZK_PORTS[$LEADER - 1]}")"
wait_for 60 "the consumer to see three providers" consumer_sees_all
sleep 10
result zookeeper-leader-killed

http POST $CONSUMER_PORT /load/stop > /dev/null
[ "$FAILED" -eq 0 ] || { echo "chaos: some calls failed; see $WORK/consumer.log" >&2; exit 1; }
echo "== chaos finished: no call failed"
