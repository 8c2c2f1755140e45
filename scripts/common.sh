# shellcheck shell=bash
# Sourced by ./demo.sh, ./chaos.sh and ./bench.sh: process handling, polling, HTTP without curl,
# the build, ZooKeeper. Every process is started in the background and recorded in PIDS, to be
# ended by its PID.

PIDS=()
ZK_PID=

fail() { echo "$(basename "$0") failed: $*" >&2; exit 1; }

stop_pids() { # stop_pids PID...: SIGCONT (a paused one must run to exit), SIGTERM, up to 20 s, then SIGKILL
  local pid
  for pid in "$@"; do kill -CONT "$pid" 2>/dev/null || true; kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "$@"; do
    for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  done
  forget_pids "$@"
}

forget_pids() { # forget_pids PID...: drop processes known to have exited, so that cleanup never signals a reused PID
  local pid gone kept=()
  for pid in "${PIDS[@]}"; do
    for gone in "$@"; do [ "$pid" = "$gone" ] && continue 2; done
    kept+=("$pid")
  done
  PIDS=("${kept[@]}")
}

cleanup() { # the applications first, so that they can unregister; ZooKeeper last
  local apps=() pid
  for pid in "${PIDS[@]}"; do [ "$pid" = "${ZK_PID:-}" ] || apps+=("$pid"); done
  [ ${#apps[@]} -eq 0 ] || stop_pids "${apps[@]}"
  [ -z "${ZK_PID:-}" ] || stop_pids "$ZK_PID"
}

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
alive() { # alive PID LOG: fails, with the end of LOG, unless the process is running
  kill -0 "$1" 2>/dev/null || { tail -30 "$2" >&2; fail "process $1 died; see $2"; }
}
log_has() { alive "$1" "$2"; grep -q "$3" "$2"; }

HTTP_SECONDS=${HTTP_SECONDS:-30}
http() { # http METHOD PORT PATH: prints the body; fails unless the status is 200 within HTTP_SECONDS
  local response
  exec 3<>"/dev/tcp/127.0.0.1/$2" || return 1
  printf '%s %s HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n' "$1" "$3" >&3
  # A hung server accepts the connection (the kernel does) but never answers: read with a deadline.
  if ! response=$(timeout "$HTTP_SECONDS" cat <&3); then
    exec 3<&-
    echo "no complete answer to $1 $3 from 127.0.0.1:$2 within ${HTTP_SECONDS}s" >&2
    return 1
  fi
  exec 3<&-
  response=${response//$'\r'/}
  [[ "$response" == "HTTP/1.1 200"* ]] || { echo "$response" >&2; return 1; }
  printf '%s\n' "${response#*$'\n\n'}"
}

build() { # build WORKDIR: packages everything and writes each module's runtime class path
  mvn -B -q -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime > "$1/build.log" 2>&1 \
    || { tail -40 "$1/build.log"; fail "the build failed"; }
  local jars
  # shellcheck disable=SC2034 # these three are for the scripts that source this file
  {
    ZK_CLASSPATH=$(cat rpc-registry-zk/target/classpath.txt)
    jars=(rpc-demo-provider/target/rpc-demo-provider-*-exec.jar) && PROVIDER_JAR=${jars[0]}
    jars=(rpc-demo-consumer/target/rpc-demo-consumer-*.jar) && CONSUMER_JAR=${jars[0]}
  }
}

start_zookeeper() { # start_zookeeper HOST PORT WORKDIR: a standalone server, data kept across restarts
  mkdir -p "$3/zookeeper"
  # No administrative surface: the scripts probe the port only, so no four-letter word is allowed
  # (ZooKeeper itself always answers srvr, which zkServer.sh status uses) and the admin server is off.
  cat > "$3/zoo.cfg" <<CFG
tickTime=500
dataDir=$PWD/$3/zookeeper
clientPortAddress=$1
clientPort=$2
admin.enableServer=false
4lw.commands.whitelist=
maxClientCnxns=0
CFG
  java -Xmx256m -XX:+UseSerialGC -cp "$ZK_CLASSPATH" org.apache.zookeeper.server.quorum.QuorumPeerMain "$3/zoo.cfg" \
    >> "$3/zookeeper.log" 2>&1 &
  ZK_PID=$!
  PIDS+=("$ZK_PID")
  wait_for 30 "ZooKeeper to listen" bash -c "kill -0 $ZK_PID && (exec 3<>/dev/tcp/$1/$2) 2>/dev/null"
}
