# shellcheck shell=bash
# Sourced by ./demo.sh, ./chaos.sh and ./bench.sh: process handling, polling, HTTP without curl,
# the build, ZooKeeper. Every process is started in the background and recorded in PIDS, to be
# ended by its PID.

PIDS=()
declare -A ZK_SERVER_PID=() # each ZooKeeper server started: its id in the ensemble (0 when standalone) -> PID

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
  local apps=() zk=() pid
  for pid in "${PIDS[@]}"; do
    if [[ " ${ZK_SERVER_PID[*]} " == *" $pid "* ]]; then zk+=("$pid"); else apps+=("$pid"); fi
  done
  [ ${#apps[@]} -eq 0 ] || stop_pids "${apps[@]}"
  [ ${#zk[@]} -eq 0 ] || stop_pids "${zk[@]}"
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

start_zookeeper() { # start_zookeeper HOST PORT WORKDIR [ID SERVERS]: a standalone server, or server ID of the
  # ensemble whose server.N lines are SERVERS (see ensemble_servers); data kept across restarts
  local id=${4:-0} name=zookeeper${4:+-$4} pid
  mkdir -p "$3/$name"
  # No administrative surface: the scripts probe the port and ask srvr only (ZooKeeper always answers
  # srvr, which zkServer.sh status uses, so no four-letter word is allowed, unless ZK_4LW lists some:
  # ./bench.sh registry asks wchs and mntr) and the admin server is off.
  cat > "$3/zoo${4:+-$4}.cfg" <<CFG
tickTime=500
dataDir=$PWD/$3/$name
clientPortAddress=$1
clientPort=$2
admin.enableServer=false
4lw.commands.whitelist=${ZK_4LW:-}
maxClientCnxns=0
CFG
  if [ "$id" != 0 ]; then
    echo "$id" > "$3/$name/myid"
    printf 'initLimit=20\nsyncLimit=4\n%s\n' "$5" >> "$3/zoo${4:+-$4}.cfg"
  fi
  java -Xmx256m -XX:+UseSerialGC -cp "$ZK_CLASSPATH" org.apache.zookeeper.server.quorum.QuorumPeerMain "$3/zoo${4:+-$4}.cfg" \
    >> "$3/$name.log" 2>&1 &
  pid=$!
  disown "$pid" # ended by its PID; no job notice when a fault kills it
  ZK_SERVER_PID[$id]=$pid
  PIDS+=("$pid")
  wait_for 30 "ZooKeeper $name to listen" bash -c "kill -0 $pid && (exec 3<>/dev/tcp/$1/$2) 2>/dev/null"
}

ensemble_servers() { # ensemble_servers HOST PORT...: the server.N lines of an ensemble whose client ports are PORT...;
  # server N's quorum and election ports are its client port + 10000 and + 20000
  local id=0 port
  for port in "${@:2}"; do
    id=$((id + 1))
    printf 'server.%s=%s:%s:%s\n' "$id" "$1" $((port + 10000)) $((port + 20000))
  done
}

zk_mode() { # zk_mode HOST PORT: prints leader, follower or standalone (srvr's "Mode:"); fails if the server does not serve
  local answer
  answer=$( (exec 3<>"/dev/tcp/$1/$2" && printf srvr >&3 && timeout 5 cat <&3) 2>/dev/null) || return 1
  answer=$(sed -n 's/^Mode: //p' <<<"$answer")
  [ -n "$answer" ] && echo "$answer"
}
