#!/usr/bin/env bash
#
# bench/run-bench.sh - the benchmark suite of the distributed counter (docs/performance.md).
#
# Starts what it measures, loads it with wrk and samples its memory: the HTTP ceiling, one node
# in three WAL modes, the 5-node layout of run-cluster.sh, the keyspace on 3 nodes, then
# ClusterGrowth, RestartTime and KvNodeRestart.
# It only runs processes: every measurement goes into a results file as one JSON line (wrk's
# figures from bench/wrk-report.lua, /proc/PID/status samples, the Java tools' JSON), and
# dev.distcounter.bench.BenchReport makes the Markdown report from it (medians, spreads, ratios,
# verdicts). Needs bash 4+, curl, a JDK 17+ and wrk (installed with apt-get when missing and run
# as root). Every process it starts is stopped by its PID on exit. See bench/README.md.

set -u

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
RUN_CLUSTER="$REPO_ROOT/run-cluster.sh"

# --- Configuration (environment) ---
JAVA="${JAVA:-java}"
COUNTER_NODE_JAR="${COUNTER_NODE_JAR:-$REPO_ROOT/counter-node/target/counter-node.jar}"
DISCOVERY_JAR="${DISCOVERY_JAR:-$REPO_ROOT/discovery-server/target/discovery-server.jar}"
DEFAULT_BENCH_JAR="$REPO_ROOT/bench/target/benchmarks.jar"
BENCH_JAR="${BENCH_JAR:-$DEFAULT_BENCH_JAR}"
WRK="${WRK:-}"
BENCH_PORT_BASE="${BENCH_PORT_BASE:-27300}"   # uses BASE+1 .. BASE+43 on 127.0.0.1
BENCH_TMPDIR="${BENCH_TMPDIR:-${TMPDIR:-/tmp}}"
# JVM flags of the measurement tools (clients), not of the servers being measured
TOOL_OPTS="${TOOL_OPTS:--XX:+UseSerialGC -Xmx256m}"

# The JVM flags and malloc arenas of every process of the cluster, from the file run-cluster.sh
# sources too; JAVA_OPTS from the environment overrides both.
# shellcheck source-path=SCRIPTDIR source=../conf/jvm-options.sh disable=SC1091
. "$REPO_ROOT/conf/jvm-options.sh"

# --- Command line ---
usage() {
    cat <<EOF
Usage: bench/run-bench.sh [--quick] [--runs N] [--out FILE] [--duration SECONDS]

  (no option)        the full suite: 3 runs of every item (about 15-20 minutes), medians and
                     spreads over the runs
  --quick            1 run, 3 s per load, 16 and 64 connections only (about 5 minutes);
                     also what "./run-cluster.sh bench" runs
  --runs N           number of runs (default 3; 1 with --quick)
  --duration S       seconds of each measured wrk load (default 5; 3 with --quick)
  --out FILE         where to keep the report (default bench/results/bench-<time>.md); it is
                     printed on stdout too, progress goes to stderr; the raw measurements
                     (JSON Lines) are kept next to it, as FILE with .jsonl instead of .md
  -h, --help         this help

Environment (current value):
  JAVA              java executable ($JAVA)
  JAVA_OPTS         JVM flags of every node and of the HTTP ceiling ($JAVA_OPTS)
  COUNTER_NODE_JAR  ($COUNTER_NODE_JAR)
  DISCOVERY_JAR     ($DISCOVERY_JAR)
  BENCH_JAR         the benchmarks jar ($BENCH_JAR)
  WRK               wrk executable (default: found on PATH)
  BENCH_PORT_BASE   loopback ports BASE+1 .. BASE+43 are used ($BENCH_PORT_BASE)
  BENCH_TMPDIR      where the temporary WAL and cluster directories go ($BENCH_TMPDIR);
                    put it on the disk you want to measure, not on tmpfs
  TOOL_OPTS         JVM flags of the measuring clients ($TOOL_OPTS)

Missing jars are built with "mvn -B -q package -DskipTests" from the repository root.
EOF
}

QUICK=0; RUNS=""; OUT=""; DURATION=""
ORIG_ARGS=("$@")
while [ "$#" -gt 0 ]; do
    case "$1" in
        --quick)      QUICK=1 ;;
        --runs)       RUNS="${2:-}"; shift ;;
        --runs=*)     RUNS="${1#*=}" ;;
        --out)        OUT="${2:-}"; shift ;;
        --out=*)      OUT="${1#*=}" ;;
        --duration)   DURATION="${2:-}"; shift ;;
        --duration=*) DURATION="${1#*=}" ;;
        -h|--help)    usage; exit 0 ;;
        *) echo "run-bench.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

# whole_number VALUE MIN [MAX]: VALUE is a whole number from MIN to MAX
whole_number() {
    [[ ${1:-} =~ ^[0-9]+$ ]] && [ "$((10#$1))" -ge "$2" ] && [ "$((10#$1))" -le "${3:-$((10#$1))}" ]
}
usage_error() { echo "run-bench.sh: $1" >&2; exit 2; }

# the quick suite: fewer and shorter loads, smaller simulations (item 6) and logs (item 7)
if [ "$QUICK" -eq 1 ]; then
    RUNS="${RUNS:-1}"; DURATION="${DURATION:-3}"; LOADS=(16 64)
    GROWTH_ARGS=(--sizes "10,100" --seeds 2); RESTART_ARGS=(--ops 1000000 --repeats 1); KV_RESTART_ARGS=(--repeats 1)
else
    RUNS="${RUNS:-3}"; DURATION="${DURATION:-5}"; LOADS=(1 16 64)
    GROWTH_ARGS=(); RESTART_ARGS=(); KV_RESTART_ARGS=()
fi
whole_number "$RUNS" 1 || usage_error "--runs needs a whole number >= 1"
whole_number "$DURATION" 1 || usage_error "--duration needs a whole number of seconds >= 1"
whole_number "$BENCH_PORT_BASE" 1024 65000 || usage_error "BENCH_PORT_BASE must be a port number from 1024 to 65000"
RUNS=$((10#$RUNS)); DURATION=$((10#$DURATION)); BENCH_PORT_BASE=$((10#$BENCH_PORT_BASE))

HOST=127.0.0.1
CEIL_PORT=$(( BENCH_PORT_BASE + 1 )); NODE_HTTP_PORT=$(( BENCH_PORT_BASE + 2 )); NODE_TCP_PORT=$(( BENCH_PORT_BASE + 3 ))
CL_DISCOVERY_PORT=$(( BENCH_PORT_BASE + 10 )); CL_BASE_TCP=$(( BENCH_PORT_BASE + 20 )); CL_BASE_HTTP=$(( BENCH_PORT_BASE + 30 ))
CL_NODES=5; CL_CONNS=13             # per node: 5 x 13 = 65, about the 64 of the one-node loads
CONV_SAMPLES=200; CONV_GAP_MS=20; WATCH_INTERVAL_MS=10
# warm-ups: loads of WARMUP s until the rate stops rising (SteadyLoad), at most WARMUP_MAX s per
# server and path; the 5-node layout at least CLUSTER_WARMUP_MIN s (five JVMs compiling on two
# cores rise in steps, with plateaus the rule would take for the end) and at most CLUSTER_WARMUP_MAX
WARMUP=3; WARMUP_MAX=30; CLUSTER_WARMUP_MIN=60; CLUSTER_WARMUP_MAX=120
# item 9, the keyspace: 3 nodes (gossip BASE+36.., HTTP BASE+41..), N=3 R=2 W=2, node 1 coordinates
# every load; KV_KEYS keys preloaded, then put and got at random by 16 connections
KV_NODES=3; KV_BASE_TCP=$(( BENCH_PORT_BASE + 36 )); KV_BASE_HTTP=$(( BENCH_PORT_BASE + 41 ))
KV_KEYS=10000; KV_CONNS=16; KV_VALUE_BYTES=100

# --- Progress (stderr) and the results file: one JSON object per line ---
SECONDS=0
say() { printf '[%4ds] %s\n' "$SECONDS" "$*" >&2; }
die() { printf 'run-bench.sh: %s\n' "$*" >&2; exit 1; }

# json_string TEXT: TEXT as a JSON string (control characters other than newline and tab dropped)
json_string() {
    local s=${1//\\/\\\\}
    s=${s//\"/\\\"}; s=${s//$'\n'/\\n}; s=${s//$'\t'/\\t}
    printf '"%s"' "${s//[[:cntrl:]]/}"
}

# json_object NAME=TEXT... NAME:=JSON...: a JSON object; := takes a number, boolean, null,
# array or object as it is
json_object() {
    local arg name out="" sep=""
    for arg in "$@"; do
        name=${arg%%=*}
        if [[ $name == *: ]]; then out+="$sep\"${name%:}\":${arg#*=}"; else out+="$sep\"$name\":$(json_string "${arg#*=}")"; fi
        sep=","
    done
    printf '{%s}' "$out"
}

# record KIND NAME=TEXT... NAME:=JSON...: appends one line of kind KIND to the results file
record() { { json_object kind="$1" "${@:2}"; echo; } >> "$RESULTS"; }

# note TEXT: something that looked wrong, for the report's Notes (the logs are then kept)
note() { say "WARNING: $1"; record note text="$1" problem:=true; }

# json_file FILE: the one JSON object a program wrote to FILE, or null when it wrote none
json_file() { if [ -s "$1" ]; then cat "$1"; else echo null; fi; }

# --- Processes: everything started here is tracked by PID and stopped on exit ---
STARTED=()          # PIDs of JVMs and wrk processes started by this script
CLUSTER_UP=""       # CLUSTER_DIR of a cluster started through run-cluster.sh
WORK=""
KEEP_WORK=0

forget_pid() {
    local k
    for k in "${!STARTED[@]}"; do [ "${STARTED[$k]}" = "$1" ] && unset 'STARTED[k]'; done
}

# alive PID: the process exists and has not exited (an exited child stays a zombie until waited for)
alive() {
    local stat
    kill -0 "$1" 2>/dev/null && read -r stat 2>/dev/null < "/proc/$1/stat" || return 1
    stat="${stat##*) }"
    [ "${stat%% *}" != Z ] && [ "${stat%% *}" != X ]
}

# stop_pid PID: SIGTERM, up to 10 s, then SIGKILL; reaps it
stop_pid() {
    local n=0
    if alive "$1"; then
        kill -TERM "$1" 2>/dev/null
        while alive "$1" && [ "$n" -lt 100 ]; do sleep 0.1; n=$(( n + 1 )); done
        alive "$1" && kill -KILL "$1" 2>/dev/null
    fi
    wait "$1" 2>/dev/null
    forget_pid "$1"
}

# start_bg OUT COMMAND...: COMMAND in the background, stdout and stderr to OUT -> BG_PID
start_bg() {
    "${@:2}" > "$1" 2>&1 < /dev/null &
    BG_PID=$!
    STARTED+=("$BG_PID")
}

# finish PID: waits for a process started here; returns its exit code
finish() { local rc=0; wait "$1" || rc=$?; forget_pid "$1"; return "$rc"; }

# start_java LOG FLAGS ARGS...: java with the JVM flags FLAGS (one string) -> BG_PID
start_java() {
    local opts
    read -r -a opts <<< "$2"
    start_bg "$1" "$JAVA" ${opts[@]+"${opts[@]}"} "${@:3}"
}

cleanup() {
    local rc=$? pid
    trap - EXIT INT TERM
    for pid in ${STARTED[@]+"${STARTED[@]}"}; do stop_pid "$pid"; done
    [ -n "$CLUSTER_UP" ] && CLUSTER_DIR="$CLUSTER_UP" bash "$RUN_CLUSTER" stop > /dev/null 2>&1
    if [ -n "$WORK" ] && [ -d "$WORK" ]; then
        if [ "$rc" -ne 0 ] || [ "$KEEP_WORK" -eq 1 ]; then
            printf 'run-bench.sh: logs kept in %s\n' "$WORK" >&2
        else
            rm -rf -- "$WORK"
        fi
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# port_free PORT: nothing accepts connections on 127.0.0.1:PORT
port_free() { ! (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# await_http URL PID LOG PREFIX: wait (30 s) until URL answers 200 with a body starting with PREFIX
await_http() {
    local body n
    for (( n = 0; n < 300; n++ )); do
        body="$(curl -s -f --max-time 2 "$1" 2>/dev/null)" && [[ $body == "$4"* ]] && return 0
        alive "$2" || { tail -n 30 "$3" >&2; die "the process behind $1 exited during start-up (log: $3)"; }
        sleep 0.1
    done
    tail -n 30 "$3" >&2
    die "$1 did not answer within 30 s (log: $3)"
}

# sample_rss SERVER NODE PHASE PID: PID's VmRSS and VmHWM (its highest RSS), in KiB, into the results
sample_rss() {
    local k v rest rss="" hwm=""
    while read -r k v rest; do
        case "$k" in VmRSS:) rss=$v ;; VmHWM:) hwm=$v ;; esac
    done 2>/dev/null < "/proc/$4/status"
    [ -z "$rss" ] || [ -z "$hwm" ] || record rss run:="$RUN" server="$1" node:="$2" phase="$3" rssKb:="$rss" hwmKb:="$hwm"
}

# --- wrk: bench/wrk-report.lua writes its figures to OUT.json, its text goes to OUT.txt ---
# wrk_start OUT CONNS SECONDS URL THREADS [SCRIPT [NAME=VALUE...]] -> BG_PID; SCRIPT (default
# wrk-report.lua) with the environment variables NAME=VALUE
wrk_start() {
    rm -f "$1.json"
    start_bg "$1.txt" env WRK_REPORT_JSON="$1.json" "${@:7}" "$WRK" "-t$5" "-c$2" "-d$3s" --latency \
        -s "${6:-$SCRIPT_DIR/wrk-report.lua}" "$4"
}

# wrk_finish PID OUT: waits for a wrk load; dies when it failed
wrk_finish() {
    if ! finish "$1" || [ ! -s "$2.json" ]; then cat "$2.txt" >&2; die "wrk failed (its output: $2.txt)"; fi
}

# measure SERVER PATH CONNS URL [PID]: one measured load into the results; with PID, that
# process's memory is sampled every 0.1 s while the load runs (item 8's "under load")
measure() {
    local out="$WORK/wrk-r$RUN-$1${2//\//-}-c$3" threads=2 wrk_pid
    [ "$3" -le 1 ] && threads=1
    wrk_start "$out" "$3" "$DURATION" "$4" "$threads"
    wrk_pid=$BG_PID
    while [ -n "${5:-}" ] && alive "$wrk_pid"; do sample_rss "$1" 0 load "$5"; sleep 0.1; done
    wrk_finish "$wrk_pid" "$out"
    record load run:="$RUN" server="$1" node:=0 path="$2" connections:="$3" threads:="$threads" \
        wrk:="$(cat "$out.json")" output="$out.txt"
    say "  $1 $2, $3 connections: $(tail -n 1 "$out.txt")"
}

# warm URL: an unmeasured 64-connection load, so that the JIT has compiled what is measured
# warm SERVER PATH URL: warms one server's path with loads of 64 connections
warm() { warm_until_steady "$1" "$2" 0 "$WARMUP_MAX" warm_load "$3"; }
warm_load() { wrk_start "$WORK/wrk-warmup" 64 "$WARMUP" "$1" 2; wrk_finish "$BG_PID" "$WORK/wrk-warmup"; }

# warm_until_steady SERVER PATH MIN LIMIT COMMAND...: runs COMMAND (one warm-up load of $WARMUP s
# that leaves its wrk figures in $WORK/wrk-warmup*.json) again and again, for at least MIN seconds,
# until SteadyLoad says the rate has stopped rising, or for LIMIT seconds; records each load's rate
warm_until_steady() {
    local server=$1 path=$2 min=$3 limit=$4 rates=- took=0 steady=false
    shift 4
    while [ "$took" -lt "$limit" ]; do
        rm -f "$WORK"/wrk-warmup*.json
        "$@"
        took=$(( took + WARMUP ))
        if rates="$("$JAVA" -cp "$BENCH_JAR" dev.distcounter.bench.SteadyLoad "$rates" "$WORK"/wrk-warmup*.json)" \
            && [ "$took" -ge "$min" ]; then
            steady=true; break
        fi
        [ -n "$rates" ] || die "SteadyLoad could not read the warm-up's wrk figures ($WORK/wrk-warmup*.json)"
    done
    say "  warm-up of $server $path: ${took} s, requests/s ${rates//,/ }$([ "$steady" = true ] || echo " (still rising at the limit)")"
    record warmup run:="$RUN" server="$server" path="$path" seconds:="$took" rates:="[$rates]" steady:="$steady"
}

# --- Prerequisites ---
# the programs of the suite in the benchmarks jar
SUITE_CLASSES=(HttpCeiling ClusterWatch ConvergenceLatency ClusterGrowth RestartTime KvLoad KvNodeRestart BenchReport SteadyLoad)

check_prerequisites() {
    [ "${BASH_VERSINFO[0]}" -ge 4 ] || die "bash 4 or newer is needed (this is $BASH_VERSION)"
    command -v curl > /dev/null 2>&1 || die "curl not found; install it (Debian/Ubuntu: apt-get install curl)"
    command -v "$JAVA" > /dev/null 2>&1 || die "Java not found ('$JAVA'); install a JDK 17+ or set JAVA"
    local v f p apt_log="$BENCH_TMPDIR/wrk-apt.log" need_build=0
    v="$("$JAVA" -version 2>&1 | head -n 1)"
    if ! [[ $v =~ \"([0-9]+) ]] || [ "${BASH_REMATCH[1]}" -lt 17 ]; then die "a JDK 17 or newer is needed; '$JAVA' is: $v"; fi
    JDK_DESC="$("$JAVA" -version 2>&1 | sed -n 2p) ($(command -v "$JAVA"))"

    # wrk: $WRK, else PATH, else apt-get (root only)
    if [ -n "$WRK" ]; then
        command -v "$WRK" > /dev/null 2>&1 || die "WRK=$WRK is not an executable"
        WRK_SOURCE="from WRK"
    elif WRK="$(command -v wrk 2>/dev/null)"; then
        WRK_SOURCE="found on PATH"
    elif [ "$(id -u)" -eq 0 ] && command -v apt-get > /dev/null 2>&1; then
        say "wrk not found; installing the Debian package wrk with apt-get ..."
        ( export DEBIAN_FRONTEND=noninteractive; apt-get install -y -q wrk || { apt-get update -q && apt-get install -y -q wrk; } ) \
            > "$apt_log" 2>&1 < /dev/null || die "apt-get could not install wrk (see $apt_log); install it by hand or set WRK"
        WRK="$(command -v wrk)" || die "wrk is still not on PATH after apt-get install wrk"
        WRK_SOURCE="installed now with apt-get (Debian package wrk)"
    else
        die "wrk (https://github.com/wg/wrk) is needed and was not found on PATH. Install it (Debian/Ubuntu: sudo apt-get install wrk; Fedora: sudo dnf install wrk; macOS: brew install wrk) or set WRK=/path/to/wrk."
    fi
    WRK_VERSION="$("$WRK" -v 2>&1 | head -n 1 | sed 's/ Copyright.*//')"

    # jars: build them when one is missing (only when the benchmarks jar is the repository's own)
    [ -f "$COUNTER_NODE_JAR" ] || { say "missing: $COUNTER_NODE_JAR"; need_build=1; }
    [ -f "$DISCOVERY_JAR" ] || { say "missing: $DISCOVERY_JAR"; need_build=1; }
    if [ ! -f "$BENCH_JAR" ] || ! has_suite_classes; then
        [ "$BENCH_JAR" = "$DEFAULT_BENCH_JAR" ] || die "BENCH_JAR=$BENCH_JAR is missing or lacks one of" \
            "${SUITE_CLASSES[*]} (dev.distcounter.bench); build it with mvn -B -q package -DskipTests"
        say "missing or without the suite's classes: $BENCH_JAR"; need_build=1
    fi
    if [ "$need_build" -eq 1 ]; then
        command -v mvn > /dev/null 2>&1 || die "Maven (mvn) is needed to build the missing jars; or set COUNTER_NODE_JAR, DISCOVERY_JAR and BENCH_JAR"
        say "building: (cd $REPO_ROOT && mvn -B -q package -DskipTests) ..."
        (cd "$REPO_ROOT" && mvn -B -q package -DskipTests) >&2 || die "the Maven build failed"
        for f in "$COUNTER_NODE_JAR" "$DISCOVERY_JAR" "$BENCH_JAR"; do [ -f "$f" ] || die "still missing after the build: $f"; done
        has_suite_classes || die "$BENCH_JAR still lacks the suite's classes"
    fi
    COUNTER_NODE_JAR="$(cd "$(dirname "$COUNTER_NODE_JAR")" && pwd)/$(basename "$COUNTER_NODE_JAR")"
    DISCOVERY_JAR="$(cd "$(dirname "$DISCOVERY_JAR")" && pwd)/$(basename "$DISCOVERY_JAR")"
    BENCH_JAR="$(cd "$(dirname "$BENCH_JAR")" && pwd)/$(basename "$BENCH_JAR")"

    # the node's default number of HTTP threads, which the ceiling must use too: the
    # "(default: N)" that ends the description of --http-threads in the node's --help
    NODE_HTTP_THREADS="$("$JAVA" -jar "$COUNTER_NODE_JAR" --help 2>&1 | grep -A 3 -e '^ *--http-threads=' \
        | grep -o -m 1 'default: *[0-9]*')"
    NODE_HTTP_THREADS="${NODE_HTTP_THREADS##*[!0-9]}"
    whole_number "$NODE_HTTP_THREADS" 1 || die "could not read the default of --http-threads from 'java -jar $COUNTER_NODE_JAR --help'"

    for p in "$CEIL_PORT" "$NODE_HTTP_PORT" "$NODE_TCP_PORT" "$CL_DISCOVERY_PORT" \
             $(seq "$CL_BASE_TCP" $(( CL_BASE_TCP + CL_NODES - 1 ))) $(seq "$CL_BASE_HTTP" $(( CL_BASE_HTTP + CL_NODES - 1 ))) \
             $(seq "$KV_BASE_TCP" $(( KV_BASE_TCP + KV_NODES - 1 ))) $(seq "$KV_BASE_HTTP" $(( KV_BASE_HTTP + KV_NODES - 1 ))); do
        port_free "$p" || die "port $p on $HOST is in use; choose other ports with BENCH_PORT_BASE=..."
    done
}

has_suite_classes() {
    "$JAVA" -cp "$BENCH_JAR" dev.distcounter.bench.ClassCheck "${SUITE_CLASSES[@]/#/dev.distcounter.bench.}" > /dev/null 2>&1
}

# --- The items of one run ---
# run_server SERVER DESCRIPTION HEALTH-URL PREFIX PATHS COMMAND...: items 1-3 and 8 for one server
# (the ceiling, or a node with its WAL mode): start it, sample its memory idle, warm up and load
# each path of PATHS at each number of connections, sample its memory after, stop it
run_server() {
    local server=$1 log="$WORK/$1-r$RUN.log" base="${3%/*}" path c pid errors
    say "run $RUN: $2"
    start_java "$log" "$JAVA_OPTS" "${@:6}"
    pid=$BG_PID
    await_http "$3" "$pid" "$log" "$4"
    sleep 1; sample_rss "$server" 0 idle "$pid"
    for path in $5; do
        warm "$server" "$path" "$base$path"
        for c in "${LOADS[@]}"; do
            # item 8's "under load" is the 64-connection load of the first path
            if [ "$c" -eq 64 ] && [ "$path" = "${5%% *}" ]; then measure "$server" "$path" "$c" "$base$path" "$pid"
            else measure "$server" "$path" "$c" "$base$path"; fi
        done
    done
    sample_rss "$server" 0 end "$pid"
    if [ "$server" != ceiling ]; then
        sleep 2; sample_rss "$server" 0 after "$pid"
        # the start-up warnings about running alone, without a WAL and without a cluster key are expected here
        errors="$(grep -E ' ERROR | WARN ' "$log" | grep -c -v -E 'no discovery server and no seeds|WAL disabled|keys held here live in memory only|frames are NOT authenticated')"
        [ "$errors" -eq 0 ] || note "run $RUN, node ($server): its log has $errors unexpected WARN/ERROR lines (see $log)"
    fi
    stop_pid "$pid"
}

# run_node MODE DESCRIPTION PATHS FLAGS...: one node on a fresh WAL directory
run_node() {
    local wal="$WORK/wal-$1-r$RUN" base="http://$HOST:$NODE_HTTP_PORT"
    mkdir -p "$wal"
    run_server "$1" "one node, $2" "$base/health" OK "$3" -jar "$COUNTER_NODE_JAR" "--addr=localhost:$NODE_TCP_PORT" \
        "--http-port=$NODE_HTTP_PORT" "--http-bind=$HOST" --discovery=none "--wal-dir=$wal" "${@:4}"
    rm -rf -- "$wal"
}

# cluster_load OUT SECONDS: wrk -t1 on /increment of every node of the layout at once -> OUT-NODE.*
cluster_load() {
    local i pids=()
    for (( i = 1; i <= CL_NODES; i++ )); do
        wrk_start "$1-$i" "$CL_CONNS" "$2" "http://$HOST:$(( CL_BASE_HTTP + i - 1 ))/increment" 1
        pids[i]=$BG_PID
    done
    for (( i = 1; i <= CL_NODES; i++ )); do wrk_finish "${pids[i]}" "$1-$i"; done
}

# items 4 and 5 on the layout of run-cluster.sh, and its nodes' memory for item 8
run_cluster_items() {
    local dir="$WORK/cluster-r$RUN" log="$WORK/cluster-r$RUN.log" i n ok peers ports="" errors rc wpid
    local endf="$WORK/load-end-r$RUN" watch="$WORK/watch-r$RUN" conv="$WORK/convergence-r$RUN"
    for (( i = 0; i < CL_NODES; i++ )); do ports+="${ports:+,}$(( CL_BASE_HTTP + i ))"; done
    say "run $RUN: the 5-node layout of run-cluster.sh (discovery :$CL_DISCOVERY_PORT, HTTP :$ports)"
    mkdir -p "$dir"
    CLUSTER_UP="$dir"
    CLUSTER_DIR="$dir" bash "$RUN_CLUSTER" start > "$log" 2>&1 || { cat "$log" >&2; die "run-cluster.sh start failed"; }

    # wait (20 s) until every node lists the 4 others
    for (( n = 0; n < 200; n++ )); do
        ok=true
        for (( i = 0; i < CL_NODES; i++ )); do
            peers="$(curl -s --max-time 2 "http://$HOST:$(( CL_BASE_HTTP + i ))/peers" 2>/dev/null)"
            if ! [[ $peers =~ ^Peers\ \(([0-9]+)\) ]] || [ "${BASH_REMATCH[1]}" -lt $(( CL_NODES - 1 )) ]; then
                ok=false; break
            fi
        done
        [ "$ok" = true ] && break
        sleep 0.1
    done
    record join run:="$RUN" ms:="$(( n * 100 ))" allPeers:="$ok"
    # the watcher starts before the warm-up, so that its own JVM has compiled its code before the
    # measured load; it reads nothing during the load and every 10 ms after it, from the moment
    # the end of the load is in the end file
    rm -f "$endf" "$watch.json"
    start_java "$watch.log" "$TOOL_OPTS" -cp "$BENCH_JAR" dev.distcounter.bench.ClusterWatch --ports "$ports" \
        --end-file "$endf" --interval-ms "$WATCH_INTERVAL_MS" --timeout-ms 60000 --json "$watch.json"
    wpid=$BG_PID
    warm_until_steady cluster /increment "$CLUSTER_WARMUP_MIN" "$CLUSTER_WARMUP_MAX" cluster_load "$WORK/wrk-warmup" "$WARMUP"
    for (( n = 0; n < 200; n++ )); do   # it prints WATCHING once it has read every node
        grep -q '^WATCHING' "$watch.log" 2>/dev/null && break
        alive "$wpid" || { cat "$watch.log" >&2; die "ClusterWatch exited"; }
        sleep 0.05
    done
    say "run $RUN: write load on all $CL_NODES nodes at once (wrk -t1 -c$CL_CONNS each, ${DURATION}s)"
    cluster_load "$WORK/wrk-r$RUN-cluster" "$DURATION"
    now_us > "$endf.tmp" && mv "$endf.tmp" "$endf"
    for (( i = 1; i <= CL_NODES; i++ )); do
        record load run:="$RUN" server=cluster node:="$i" path=/increment connections:="$CL_CONNS" threads:=1 \
            wrk:="$(cat "$WORK/wrk-r$RUN-cluster-$i.json")" output="$WORK/wrk-r$RUN-cluster-$i.txt"
    done
    rc=0; finish "$wpid" || rc=$?
    record watch run:="$RUN" exitCode:="$rc" result:="$(json_file "$watch.json")" log="$watch.log"
    say "  $(grep '^RESULT' "$watch.log")"

    say "run $RUN: single-increment convergence latency ($CONV_SAMPLES samples)"
    start_java "$conv.log" "$TOOL_OPTS" -cp "$BENCH_JAR" dev.distcounter.bench.ConvergenceLatency --ports "$ports" \
        --samples "$CONV_SAMPLES" --gap-ms "$CONV_GAP_MS" --json "$conv.json"
    rc=0; finish "$BG_PID" || rc=$?
    record convergence run:="$RUN" exitCode:="$rc" result:="$(json_file "$conv.json")" log="$conv.log"
    say "  $(grep '^RESULT' "$conv.log")"

    for (( i = 1; i <= CL_NODES; i++ )); do sample_rss cluster "$i" end "$(cat "$dir/logs/node-$i.pid" 2>/dev/null)"; done
    CLUSTER_DIR="$dir" bash "$RUN_CLUSTER" stop >> "$log" 2>&1 || note "run-cluster.sh stop reported a failure (see $log)"
    CLUSTER_UP=""
    errors="$(cat "$dir"/logs/node-*.log 2>/dev/null | grep -c -E ' ERROR ')"
    [ "$errors" -eq 0 ] || note "run $RUN: the cluster's node logs have $errors ERROR lines (see $dir/logs)"
}

# kv_load OUT MODE CONNS SECONDS: wrk with bench/wrk-kv.lua (KV_MODE put, get or put-one) on node 1
# of the keyspace -> BG_PID
kv_load() {
    local threads=2
    [ "$3" -le 1 ] && threads=1
    wrk_start "$1" "$3" "$4" "http://$HOST:$KV_BASE_HTTP" "$threads" "$SCRIPT_DIR/wrk-kv.lua" \
        KV_MODE="$2" KV_KEYS="$KV_KEYS" KV_VALUE_BYTES="$KV_VALUE_BYTES"
}

# kv_warm_load MODE: one keyspace warm-up load
kv_warm_load() { kv_load "$WORK/wrk-warmup" "$1" "$KV_CONNS" "$WARMUP"; wrk_finish "$BG_PID" "$WORK/wrk-warmup"; }

# kv_measure MODE PATH CONNS: one measured keyspace load into the results, under PATH
kv_measure() {
    local out="$WORK/wrk-r$RUN-kv-$1-c$3" threads=2
    [ "$3" -le 1 ] && threads=1
    kv_load "$out" "$1" "$3" "$DURATION"
    wrk_finish "$BG_PID" "$out"
    record load run:="$RUN" server=kv node:=1 path="$2" connections:="$3" threads:="$threads" \
        wrk:="$(cat "$out.json")" output="$out.txt"
    say "  keyspace $2, $3 connection(s): $(tail -n 1 "$out.txt")"
}

# item 9: the keyspace on 3 nodes of their own (fresh WALs, fsync on, each seeded with all three),
# preloaded through node 1 by KvLoad, then wrk on node 1: random puts, random gets, one key's puts
run_keyspace_items() {
    local i n ok health seeds="" pids=() logs=() dir errors rc load="$WORK/kvload-r$RUN"
    for (( i = 0; i < KV_NODES; i++ )); do seeds+="${seeds:+,}localhost:$(( KV_BASE_TCP + i ))"; done
    say "run $RUN: the keyspace on $KV_NODES nodes (N=3 R=2 W=2, WAL + fsync; HTTP :$KV_BASE_HTTP-$(( KV_BASE_HTTP + KV_NODES - 1 )))"
    for (( i = 1; i <= KV_NODES; i++ )); do
        dir="$WORK/kv-wal-$i-r$RUN"; logs[i]="$WORK/kv-node-$i-r$RUN.log"
        mkdir -p "$dir"
        start_java "${logs[i]}" "$JAVA_OPTS" -jar "$COUNTER_NODE_JAR" "--addr=localhost:$(( KV_BASE_TCP + i - 1 ))" \
            "--http-port=$(( KV_BASE_HTTP + i - 1 ))" "--http-bind=$HOST" --discovery=none "--seeds=$seeds" \
            "--wal-dir=$dir" -N 3 -R 2 -W 2
        pids[i]=$BG_PID
    done
    for (( i = 1; i <= KV_NODES; i++ )); do
        await_http "http://$HOST:$(( KV_BASE_HTTP + i - 1 ))/health" "${pids[i]}" "${logs[i]}" OK
    done
    # wait (20 s) until every node lists the others, so that every node's ring holds all three
    for (( n = 0; n < 200; n++ )); do
        ok=true
        for (( i = 1; i <= KV_NODES; i++ )); do
            health="$(curl -s --max-time 2 "http://$HOST:$(( KV_BASE_HTTP + i - 1 ))/health" 2>/dev/null)"
            [[ $health == *" peers=$(( KV_NODES - 1 )) "* ]] || { ok=false; break; }
        done
        [ "$ok" = true ] && break
        sleep 0.1
    done
    [ "$ok" = true ] || note "run $RUN: the keyspace's nodes did not all list each other within 20 s; measuring anyway"

    start_java "$load.log" "$TOOL_OPTS" -cp "$BENCH_JAR" dev.distcounter.bench.KvLoad --port "$KV_BASE_HTTP" \
        --keys "$KV_KEYS" --connections "$KV_CONNS" --value-bytes "$KV_VALUE_BYTES" --json "$load.json"
    rc=0; finish "$BG_PID" || rc=$?
    record preload run:="$RUN" exitCode:="$rc" result:="$(json_file "$load.json")" log="$load.log"
    say "  preload: $(grep '^RESULT' "$load.log")"
    warm_until_steady kv /kv/put 0 "$WARMUP_MAX" kv_warm_load put
    warm_until_steady kv /kv/get 0 "$WARMUP_MAX" kv_warm_load get
    kv_measure put /kv/put "$KV_CONNS"
    kv_measure get /kv/get "$KV_CONNS"
    kv_measure put-one "/kv/put (one key)" 1

    for (( i = 1; i <= KV_NODES; i++ )); do sample_rss kv "$i" end "${pids[i]}"; done
    for (( i = 1; i <= KV_NODES; i++ )); do stop_pid "${pids[i]}"; rm -rf -- "$WORK/kv-wal-$i-r$RUN"; done
    errors="$(cat "${logs[@]}" 2>/dev/null | grep -c -E ' ERROR ')"
    [ "$errors" -eq 0 ] || note "run $RUN: the keyspace's node logs have $errors ERROR lines (see $WORK/kv-node-*-r$RUN.log)"
}

# now_us: microseconds since the epoch, what ClusterWatch reads from the end file
now_us() { if [ -n "${EPOCHREALTIME:-}" ]; then echo "${EPOCHREALTIME//[!0-9]/}"; else echo $(( $(date +%s%N) / 1000 )); fi; }

# run_program CLASS ARGS...: items 6, 7 and 10, Java programs that write their own Markdown, kept as it
# is; the JDK's default JVM flags, because they size their own heaps (simulated clusters, logs)
run_program() {
    local out="$WORK/$1" t0=$SECONDS rc=0
    say "java -cp benchmarks.jar dev.distcounter.bench.$*"
    "$JAVA" -cp "$BENCH_JAR" "dev.distcounter.bench.$1" "${@:2}" > "$out.md" 2> "$out.err" < /dev/null &
    STARTED+=("$!")
    finish "$!" || rc=$?
    record program className="$1" args="${*:2}" exitCode:="$rc" seconds:="$(( SECONDS - t0 ))" \
        output="$(cat "$out.md")" errorTail="$(tail -n 5 "$out.err")" errorLog="$out.err"
}

# the machine, the tools and the plan of this run of the suite, for the report's header
record_suite() {
    local dirty=false fs
    git -C "$REPO_ROOT" diff --quiet HEAD 2>/dev/null || dirty=true
    fs="$(df --output=fstype "$WORK" 2>/dev/null | tail -n 1)"
    say "work directory: $WORK (${fs:-unknown file system})"
    record suite command="bench/run-bench.sh${ORIG_ARGS[*]:+ ${ORIG_ARGS[*]}}" repository="$REPO_ROOT" \
        commit="$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')" uncommitted:="$dirty" \
        date="$(date '+%Y-%m-%d %H:%M:%S %Z')" loadAvg="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)" workFs="$fs" \
        tmpDir="$BENCH_TMPDIR" jdk="$JDK_DESC" javaOpts="$JAVA_OPTS" mallocArenaMax="${MALLOC_ARENA_MAX:-}" \
        httpThreads:="$NODE_HTTP_THREADS" machine:="$(json_object cpus:="$(nproc 2>/dev/null || echo 0)" \
            cpuModel="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)" \
            memoryKb:="$(sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo 2>/dev/null | grep . || echo 0)" \
            kernel="$(uname -srm)")" \
        wrk:="$(json_object version="$WRK_VERSION" path="$WRK" source="$WRK_SOURCE")" \
        jars:="$(json_object node="$COUNTER_NODE_JAR" discovery="$DISCOVERY_JAR" bench="$BENCH_JAR")" \
        plan:="$(json_object runs:="$RUNS" durationS:="$DURATION" warmupS:="$WARMUP" loads:="[$(IFS=,; echo "${LOADS[*]}")]" \
            clusterNodes:="$CL_NODES" clusterConnections:="$CL_CONNS" convergenceSamples:="$CONV_SAMPLES" \
            convergenceGapMs:="$CONV_GAP_MS" watchIntervalMs:="$WATCH_INTERVAL_MS" kvNodes:="$KV_NODES" kvKeys:="$KV_KEYS" \
            kvConnections:="$KV_CONNS" kvValueBytes:="$KV_VALUE_BYTES" warmupMaxS:="$WARMUP_MAX" \
            clusterWarmupMinS:="$CLUSTER_WARMUP_MIN" clusterWarmupMaxS:="$CLUSTER_WARMUP_MAX")"
}

# --- main ---
main() {
    local kept rc=0 opts
    mkdir -p "$BENCH_TMPDIR" || die "cannot create $BENCH_TMPDIR"
    check_prerequisites
    WORK="$(mktemp -d "$BENCH_TMPDIR/distcounter-bench.XXXXXX")" || die "cannot create a directory in $BENCH_TMPDIR"
    RESULTS="$WORK/results.jsonl"
    [ -n "$OUT" ] || OUT="$SCRIPT_DIR/results/bench-$(date '+%Y%m%d-%H%M%S').md"
    mkdir -p "$(dirname "$OUT")" || die "cannot create the directory of $OUT"
    kept="${OUT%.md}.jsonl"
    # run-cluster.sh's settings for the layout of items 4 and 5: other ports, these jars and flags
    export NO_COLOR=1 DISCOVERY_PORT="$CL_DISCOVERY_PORT" BASE_TCP_PORT="$CL_BASE_TCP" BASE_HTTP_PORT="$CL_BASE_HTTP" \
        NODE_COUNT="$CL_NODES" COUNTER_NODE_JAR DISCOVERY_JAR JAVA JAVA_OPTS
    say "wrk: $WRK_VERSION ($WRK, $WRK_SOURCE)"
    say "JDK: $JDK_DESC"
    say "JVM flags: $JAVA_OPTS; HTTP threads (node default): $NODE_HTTP_THREADS; $RUNS run(s), ${DURATION} s per load, connections ${LOADS[*]}"
    record_suite

    for (( RUN = 1; RUN <= RUNS; RUN++ )); do
        run_server ceiling "HTTP ceiling (JDK HttpServer from CounterHttpApi.createServer, $NODE_HTTP_THREADS threads)" \
            "http://$HOST:$CEIL_PORT/counter" "Counter:" /counter -cp "$BENCH_JAR" dev.distcounter.bench.HttpCeiling \
            --port "$CEIL_PORT" --bind "$HOST" --threads "$NODE_HTTP_THREADS"
        run_node dur "WAL with fsync (durable, group commit; the default)" "/increment /counter"
        run_node nofsync "WAL without fsync (--wal-fsync=false)" /increment --wal-fsync=false
        run_node nowal "no WAL (--wal=false)" /increment --wal=false
        run_cluster_items
        run_keyspace_items
    done
    RUN=0
    run_program ClusterGrowth ${GROWTH_ARGS[@]+"${GROWTH_ARGS[@]}"}
    run_program RestartTime --node-jar "$COUNTER_NODE_JAR" --dir "$WORK" ${RESTART_ARGS[@]+"${RESTART_ARGS[@]}"}
    # the node's JVM flags come from JAVA_OPTS, exported above
    run_program KvNodeRestart --node-jar "$COUNTER_NODE_JAR" --dir "$WORK" ${KV_RESTART_ARGS[@]+"${KV_RESTART_ARGS[@]}"}
    record end loadAvg="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)" tookSeconds:="$SECONDS"

    cp "$RESULTS" "$kept" || die "cannot write $kept"
    read -r -a opts <<< "$TOOL_OPTS"
    "$JAVA" ${opts[@]+"${opts[@]}"} -cp "$BENCH_JAR" dev.distcounter.bench.BenchReport --results "$kept" --out "$OUT" || rc=$?
    case "$rc" in
        0) ;;
        3) KEEP_WORK=1 ;;   # written, and its Notes list something that looked wrong
        *) die "BenchReport could not make the report from $kept (exit code $rc)" ;;
    esac
    cat "$OUT"
    say "report written to $OUT, raw measurements to $kept (total time $(( SECONDS / 60 )) min $(( SECONDS % 60 )) s)"
}

main
