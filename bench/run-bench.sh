#!/usr/bin/env bash
#
# bench/run-bench.sh - the benchmark suite of the distributed counter (docs/performance.md).
#
# Measures, in one run, the node against the limits of its own stack: a minimal JDK HttpServer
# built by the node's own server factory (the HTTP ceiling), loaded with wrk exactly as the node
# is; one node with WAL + fsync, WAL without fsync and no WAL; the 5-node layout of
# run-cluster.sh under a write load and its convergence; single-increment convergence latency;
# the node's resident memory. Then items 6 and 7 (cluster growth, restart time) when their
# programs are in the benchmarks jar. Prints a Markdown report and keeps it in
# bench/results/bench-<time>.md.
#
# Needs bash 4+, curl, a JDK 17+ and wrk (found on PATH, or installed with apt-get when run as
# root). Every process it starts is stopped by its PID on exit. See bench/README.md.

set -u

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
RUN_CLUSTER="$REPO_ROOT/run-cluster.sh"

# ---------------------------------------------------------------------------
# Configuration (environment)
# ---------------------------------------------------------------------------
JAVA="${JAVA:-java}"
COUNTER_NODE_JAR="${COUNTER_NODE_JAR:-$REPO_ROOT/counter-node/target/counter-node.jar}"
DISCOVERY_JAR="${DISCOVERY_JAR:-$REPO_ROOT/discovery-server/target/discovery-server.jar}"
DEFAULT_BENCH_JAR="$REPO_ROOT/bench/target/benchmarks.jar"
BENCH_JAR="${BENCH_JAR:-$DEFAULT_BENCH_JAR}"
WRK="${WRK:-}"
BENCH_PORT_BASE="${BENCH_PORT_BASE:-27300}"   # uses BASE+1 .. BASE+34 on 127.0.0.1
BENCH_TMPDIR="${BENCH_TMPDIR:-${TMPDIR:-/tmp}}"
# JVM flags of the measurement tools (clients), not of the servers being measured
TOOL_OPTS="${TOOL_OPTS:--XX:+UseSerialGC -Xmx256m}"

# The JVM flags and malloc arenas of every process of the cluster, from the file run-cluster.sh
# sources too; JAVA_OPTS from the environment overrides both.
# shellcheck source=../conf/jvm-options.sh
. "$REPO_ROOT/conf/jvm-options.sh"

# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------
usage() {
    cat <<EOF
Usage: bench/run-bench.sh [--quick] [--runs N] [--out FILE] [--duration SECONDS]

  (no option)        the full suite: 3 runs of every item (about 8-12 minutes), medians and
                     spreads over the runs
  --quick            1 run, 3 s per load, 16 and 64 connections only (about 2 minutes);
                     also what "./run-cluster.sh bench" runs
  --runs N           number of runs (default 3; 1 with --quick)
  --duration S       seconds of each measured wrk load (default 5; 3 with --quick)
  --out FILE         where to keep the report (default bench/results/bench-<time>.md);
                     it is printed on stdout too, progress goes to stderr
  -h, --help         this help

Environment (current value):
  JAVA              java executable ($JAVA)
  JAVA_OPTS         JVM flags of every node and of the HTTP ceiling ($JAVA_OPTS)
  COUNTER_NODE_JAR  ($COUNTER_NODE_JAR)
  DISCOVERY_JAR     ($DISCOVERY_JAR)
  BENCH_JAR         the benchmarks jar ($BENCH_JAR)
  WRK               wrk executable (default: found on PATH)
  BENCH_PORT_BASE   loopback ports BASE+1 .. BASE+34 are used ($BENCH_PORT_BASE)
  BENCH_TMPDIR      where the temporary WAL and cluster directories go ($BENCH_TMPDIR);
                    put it on the disk you want to measure, not on tmpfs
  TOOL_OPTS         JVM flags of the measuring clients ($TOOL_OPTS)

Missing jars are built with "mvn -B -q package -DskipTests" from the repository root.
EOF
}

QUICK=0
RUNS=""
OUT=""
DURATION=""
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

is_uint() { [[ ${1:-} =~ ^[0-9]+$ ]]; }

if [ "$QUICK" -eq 1 ]; then
    RUNS="${RUNS:-1}"; DURATION="${DURATION:-3}"; WARMUP=2; LOADS=(16 64)
else
    RUNS="${RUNS:-3}"; DURATION="${DURATION:-5}"; WARMUP=3; LOADS=(1 16 64)
fi
is_uint "$RUNS" && [ "$RUNS" -ge 1 ] || { echo "run-bench.sh: --runs needs a whole number >= 1" >&2; exit 2; }
is_uint "$DURATION" && [ "$DURATION" -ge 1 ] || { echo "run-bench.sh: --duration needs a whole number of seconds >= 1" >&2; exit 2; }
is_uint "$BENCH_PORT_BASE" && [ "$BENCH_PORT_BASE" -ge 1024 ] && [ "$BENCH_PORT_BASE" -le 65000 ] \
    || { echo "run-bench.sh: BENCH_PORT_BASE must be a port number from 1024 to 65000" >&2; exit 2; }

HOST=127.0.0.1
CEIL_PORT=$(( BENCH_PORT_BASE + 1 ))
NODE_HTTP_PORT=$(( BENCH_PORT_BASE + 2 ))
NODE_TCP_PORT=$(( BENCH_PORT_BASE + 3 ))
CL_DISCOVERY_PORT=$(( BENCH_PORT_BASE + 10 ))
CL_BASE_TCP=$(( BENCH_PORT_BASE + 20 ))
CL_BASE_HTTP=$(( BENCH_PORT_BASE + 30 ))
CL_NODES=5
CL_CONNS=13                         # per node: 5 x 13 = 65, about the 64 of the one-node loads
CONV_SAMPLES=200
CONV_GAP_MS=20
WATCH_INTERVAL_MS=10

# ---------------------------------------------------------------------------
# Output helpers (progress on stderr; the report on stdout at the end)
# ---------------------------------------------------------------------------
SECONDS=0
say()  { printf '[%4ds] %s\n' "$SECONDS" "$*" >&2; }
warn() { printf '[%4ds] WARNING: %s\n' "$SECONDS" "$*" >&2; NOTES+=("$*"); }
die()  { printf 'run-bench.sh: %s\n' "$*" >&2; exit 1; }
NOTES=()

now_us() {
    if [ -n "${EPOCHREALTIME:-}" ]; then
        local t="${EPOCHREALTIME//[!0-9]/}"
        echo $(( 10#$t ))
    else
        echo $(( $(date +%s%N) / 1000 ))
    fi
}

# ---------------------------------------------------------------------------
# Processes: everything started here is tracked by PID and stopped on exit
# ---------------------------------------------------------------------------
STARTED=()          # PIDs of JVMs and wrk processes started by this script
CLUSTER_UP=""       # CLUSTER_DIR of a cluster started through run-cluster.sh
WORK=""
KEEP_WORK=0

forget_pid() {
    local pid=$1 k
    for k in "${!STARTED[@]}"; do
        [ "${STARTED[$k]}" = "$pid" ] && unset 'STARTED[k]'
    done
}

# alive PID: the process exists and has not exited (an exited child stays a zombie until waited for)
alive() {
    local stat
    kill -0 "$1" 2>/dev/null || return 1
    if [ -r "/proc/$1/stat" ]; then
        read -r stat 2>/dev/null < "/proc/$1/stat" || return 1
        stat="${stat##*) }"
        [ "${stat%% *}" != Z ] && [ "${stat%% *}" != X ]
    else
        [[ $(ps -p "$1" -o stat= 2>/dev/null) != Z* ]]
    fi
}

# stop_pid PID: SIGTERM, up to 10 s, then SIGKILL; reaps it
stop_pid() {
    local pid=$1 n=0
    if alive "$pid"; then
        kill -TERM "$pid" 2>/dev/null
        while alive "$pid" && [ "$n" -lt 100 ]; do
            sleep 0.1; n=$(( n + 1 ))
        done
        alive "$pid" && kill -KILL "$pid" 2>/dev/null
    fi
    wait "$pid" 2>/dev/null
    forget_pid "$pid"
}

cluster_env() {
    env NO_COLOR=1 CLUSTER_DIR="$1" DISCOVERY_PORT="$CL_DISCOVERY_PORT" BASE_TCP_PORT="$CL_BASE_TCP" \
        BASE_HTTP_PORT="$CL_BASE_HTTP" NODE_COUNT="$CL_NODES" COUNTER_NODE_JAR="$COUNTER_NODE_JAR" \
        DISCOVERY_JAR="$DISCOVERY_JAR" JAVA="$JAVA" JAVA_OPTS="$JAVA_OPTS" "${@:2}"
}

cleanup() {
    local rc=$? pid
    trap - EXIT INT TERM
    for pid in ${STARTED[@]+"${STARTED[@]}"}; do
        stop_pid "$pid"
    done
    if [ -n "$CLUSTER_UP" ]; then
        cluster_env "$CLUSTER_UP" bash "$RUN_CLUSTER" stop > /dev/null 2>&1
        CLUSTER_UP=""
    fi
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
port_free() {
    ! (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null
}

# start_jvm LOG ARGS... -> JVM_PID (java with the node's JVM flags)
start_jvm() {
    local log=$1; shift
    local -a opts=()
    read -r -a opts <<< "$JAVA_OPTS"
    "$JAVA" ${opts[@]+"${opts[@]}"} "$@" > "$log" 2>&1 < /dev/null &
    JVM_PID=$!
    STARTED+=("$JVM_PID")
}

# await_http URL PID LOG [PREFIX]: wait (30 s) until URL answers 200 (body starting with PREFIX)
await_http() {
    local url=$1 pid=$2 log=$3 prefix=${4:-} body n=0
    while [ "$n" -lt 300 ]; do
        if body="$(curl -s -f --max-time 2 "$url" 2>/dev/null)" && [[ $body == "$prefix"* ]]; then
            return 0
        fi
        if ! alive "$pid"; then
            echo "--- $log ---" >&2; tail -n 30 "$log" >&2
            die "the process behind $url exited during start-up"
        fi
        sleep 0.1; n=$(( n + 1 ))
    done
    echo "--- $log ---" >&2; tail -n 30 "$log" >&2
    die "$url did not answer within 30 s"
}

# rss_kb PID -> RSS_KB (VmRSS) and HWM_KB (VmHWM, the highest RSS so far), in KiB
rss_kb() {
    local k v rest
    RSS_KB=0; HWM_KB=0
    if [ -r "/proc/$1/status" ]; then
        while read -r k v rest; do
            case "$k" in
                VmRSS:) RSS_KB=$v ;;
                VmHWM:) HWM_KB=$v ;;
            esac
        done < "/proc/$1/status"
    else
        RSS_KB="$(ps -o rss= -p "$1" 2>/dev/null | tr -d ' ')"; RSS_KB=${RSS_KB:-0}; HWM_KB=$RSS_KB
    fi
}

# ---------------------------------------------------------------------------
# wrk
# ---------------------------------------------------------------------------
wrk_threads() { if [ "$1" -le 1 ]; then echo 1; else echo 2; fi; }

# wrk_start OUT CONNS SECONDS URL [THREADS] -> WRK_PID (in the background)
wrk_start() {
    local out=$1 c=$2 secs=$3 url=$4 t=${5:-}
    [ -n "$t" ] || t="$(wrk_threads "$c")"
    "$WRK" -t"$t" -c"$c" -d"${secs}s" --latency "$url" > "$out" 2>&1 < /dev/null &
    WRK_PID=$!
    STARTED+=("$WRK_PID")
}

# wrk_wait PID: wait for a wrk process; fails if wrk failed
wrk_wait() {
    local rc
    wait "$1"; rc=$?
    forget_pid "$1"
    return "$rc"
}

# parse_wrk OUT -> W_RPS W_P50 W_P99 (ms) W_REQS W_ERRS (non-2xx + socket errors)
parse_wrk() {
    local line
    line="$(awk '
        function ms(v) {
            if (v ~ /us$/) return v / 1000
            if (v ~ /ms$/) return v + 0
            if (v ~ /m$/)  return v * 60000
            if (v ~ /s$/)  return v * 1000
            return v + 0
        }
        /Requests\/sec:/            { rps = $2 }
        $1 == "50%"                 { p50 = ms($2) }
        $1 == "99%"                 { p99 = ms($2) }
        / requests in /             { reqs = $1 }
        /Non-2xx or 3xx responses:/ { errs += $NF }
        /Socket errors:/ {
            for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) { x = $i; sub(/,/, "", x); errs += x }
        }
        END {
            if (rps == "") exit 1
            printf "%s %.3f %.3f %d %d\n", rps, p50, p99, reqs, errs
        }' "$1")" || return 1
    read -r W_RPS W_P50 W_P99 W_REQS W_ERRS <<< "$line"
}

# measure KEY URL CONNS [RSS_PID]: one measured wrk load; stores KEY.rps/.p50/.p99/.errs in the
# run's results; with RSS_PID, samples that process's VmRSS every 0.1 s -> KEY.rss_peak (KiB)
measure() {
    local key=$1 url=$2 c=$3 rss_pid=${4:-} out peak=0
    out="$WORK/wrk-r$RUN-${key//\//_}.txt"
    wrk_start "$out" "$c" "$DURATION" "$url"
    if [ -n "$rss_pid" ]; then
        while alive "$WRK_PID"; do
            rss_kb "$rss_pid"
            [ "$RSS_KB" -gt "$peak" ] && peak=$RSS_KB
            sleep 0.1
        done
    fi
    wrk_wait "$WRK_PID" || { cat "$out" >&2; die "wrk failed on $url"; }
    parse_wrk "$out" || { cat "$out" >&2; die "could not read wrk's output for $url"; }
    put "$key.rps" "$W_RPS"; put "$key.p50" "$W_P50"; put "$key.p99" "$W_P99"; put "$key.errs" "$W_ERRS"
    [ -n "$rss_pid" ] && put "$key.rss_peak" "$peak"
    if [ "$W_ERRS" -gt 0 ]; then
        warn "run $RUN, $key: wrk counted $W_ERRS errors or non-2xx answers (see $out)"
        KEEP_WORK=1
    fi
    say "  $key: $(printf '%.0f' "$W_RPS") req/s, p50 ${W_P50} ms, p99 ${W_P99} ms${rss_pid:+, RSS peak $(( peak / 1024 )) MiB}"
}

# warm URL CONNS: an unmeasured load for the JIT
warm() {
    local out="$WORK/wrk-warmup.txt"
    wrk_start "$out" "$2" "$WARMUP" "$1"
    wrk_wait "$WRK_PID" || { cat "$out" >&2; die "wrk failed on $1 (warm-up)"; }
}

# ---------------------------------------------------------------------------
# Results: R[run:key] = value
# ---------------------------------------------------------------------------
declare -A R
RUN=0
put() { R["$RUN:$1"]="$2"; }

# agg KEY -> A_N values over the runs, A_MED (median), A_MIN, A_MAX
agg() {
    local r v
    local -a vals=()
    for (( r = 1; r <= RUNS; r++ )); do
        v="${R[$r:$1]:-}"
        [ -n "$v" ] && vals+=("$v")
    done
    A_N=${#vals[@]}
    if [ "$A_N" -eq 0 ]; then A_MED=""; A_MIN=""; A_MAX=""; return 1; fi
    read -r A_MED A_MIN A_MAX < <(printf '%s\n' "${vals[@]}" | sort -g | awk '
        { a[NR] = $1 }
        END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; print m, a[1], a[NR] }')
}

# fmt KIND VALUE: int (thousands separated), ms (2 decimals), x (ratio), mib and mb (from KiB)
fmt() {
    [ -n "${2:-}" ] || { printf -- '-'; return; }
    awk -v k="$1" -v v="$2" 'BEGIN {
        if (k == "int") {
            s = sprintf("%.0f", v); neg = (s ~ /^-/); if (neg) s = substr(s, 2)
            o = ""; while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) }
            printf "%s%s%s", (neg ? "-" : ""), s, o
        } else if (k == "ms") printf "%.2f", v
        else if (k == "x") printf "%.2f", v
        else if (k == "mib") printf "%.0f", v / 1024
        else if (k == "mb") printf "%.0f", v * 1024 / 1e6
        else if (k == "s") printf "%.1f", v
        else printf "%s", v
    }'
}

# cell KIND KEY [UNIT]: "median (min – max)" over the runs, or the single value
cell() {
    local kind=$1 key=$2 unit=${3:-}
    if ! agg "$key"; then printf -- '-'; return; fi
    if [ "$A_N" -eq 1 ]; then
        printf '%s%s' "$(fmt "$kind" "$A_MED")" "$unit"
    else
        printf '%s%s (%s – %s)' "$(fmt "$kind" "$A_MED")" "$unit" "$(fmt "$kind" "$A_MIN")" "$(fmt "$kind" "$A_MAX")"
    fi
}

# ratio KEY_NODE KEY_CEIL OUT_KEY: per run, node/ceiling
ratio() {
    local r a b
    for (( r = 1; r <= RUNS; r++ )); do
        a="${R[$r:$1]:-}"; b="${R[$r:$2]:-}"
        if [ -n "$a" ] && [ -n "$b" ]; then
            R["$r:$3"]="$(awk -v a="$a" -v b="$b" 'BEGIN { if (b > 0) printf "%.4f", a / b }')"
        fi
    done
}

# verdict VALUE OP LIMIT -> "met" / "missed"
verdict() {
    if [ -z "${1:-}" ]; then printf 'not measured'; return; fi
    if awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN { exit !((op == ">=") ? (v >= l) : (v < l)) }'; then
        printf 'met'
    else
        printf '**missed**'
    fi
}

# ---------------------------------------------------------------------------
# Prerequisites
# ---------------------------------------------------------------------------
check_prerequisites() {
    [ "${BASH_VERSINFO[0]}" -ge 4 ] || die "bash 4 or newer is needed (this is $BASH_VERSION)"
    command -v curl > /dev/null 2>&1 || die "curl not found; install it (Debian/Ubuntu: apt-get install curl)"
    command -v "$JAVA" > /dev/null 2>&1 || die "Java not found ('$JAVA'); install a JDK 17+ or set JAVA"
    local v
    v="$("$JAVA" -version 2>&1 | head -n 1)"
    [[ $v =~ \"([0-9]+) ]] && [ "${BASH_REMATCH[1]}" -ge 17 ] || die "a JDK 17 or newer is needed; '$JAVA' is: $v"
    JDK_DESC="$("$JAVA" -version 2>&1 | sed -n 2p) ($(command -v "$JAVA"))"
    [ -n "$JAVA_OPTS" ] || warn "JAVA_OPTS is empty (conf/jvm-options.sh or the environment): the JVMs run with the JDK's defaults"

    # wrk: $WRK, else PATH, else apt-get (root only)
    if [ -n "$WRK" ]; then
        command -v "$WRK" > /dev/null 2>&1 || die "WRK=$WRK is not an executable"
        WRK_SOURCE="from WRK"
    elif WRK="$(command -v wrk 2>/dev/null)"; then
        WRK_SOURCE="found on PATH"
    elif [ "$(id -u)" -eq 0 ] && command -v apt-get > /dev/null 2>&1; then
        say "wrk not found; installing the Debian package wrk with apt-get ..."
        if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk > "${BENCH_TMPDIR}/wrk-apt.log" 2>&1; then
            DEBIAN_FRONTEND=noninteractive apt-get update -q >> "${BENCH_TMPDIR}/wrk-apt.log" 2>&1
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >> "${BENCH_TMPDIR}/wrk-apt.log" 2>&1 \
                || die "apt-get could not install wrk (see ${BENCH_TMPDIR}/wrk-apt.log); install it by hand or set WRK"
        fi
        WRK="$(command -v wrk)" || die "wrk is still not on PATH after apt-get install wrk"
        WRK_SOURCE="installed now with apt-get (Debian package wrk)"
    else
        die "wrk (https://github.com/wg/wrk) is needed and was not found on PATH. Install it (Debian/Ubuntu: sudo apt-get install wrk; Fedora: sudo dnf install wrk; macOS: brew install wrk) or set WRK=/path/to/wrk."
    fi
    WRK_VERSION="$("$WRK" -v 2>&1 | head -n 1 | sed 's/ Copyright.*//')"
    [ -n "$WRK_VERSION" ] || WRK_VERSION="unknown version"

    # jars: build them when one is missing (only when the benchmarks jar is the repository's own)
    local need_build=0
    [ -f "$COUNTER_NODE_JAR" ] || { say "missing: $COUNTER_NODE_JAR"; need_build=1; }
    [ -f "$DISCOVERY_JAR" ] || { say "missing: $DISCOVERY_JAR"; need_build=1; }
    if [ ! -f "$BENCH_JAR" ] || ! has_classes HttpCeiling ConvergenceLatency ClusterWatch; then
        if [ "$BENCH_JAR" != "$DEFAULT_BENCH_JAR" ]; then
            die "BENCH_JAR=$BENCH_JAR lacks dev.distcounter.bench.HttpCeiling (or is missing); build it with mvn -B -q package -DskipTests"
        fi
        say "missing or without the suite's classes: $BENCH_JAR"; need_build=1
    fi
    if [ "$need_build" -eq 1 ]; then
        command -v mvn > /dev/null 2>&1 || die "Maven (mvn) is needed to build the missing jars; or set COUNTER_NODE_JAR, DISCOVERY_JAR and BENCH_JAR"
        say "building: (cd $REPO_ROOT && mvn -B -q package -DskipTests) ..."
        (cd "$REPO_ROOT" && mvn -B -q package -DskipTests) >&2 || die "the Maven build failed"
        local f
        for f in "$COUNTER_NODE_JAR" "$DISCOVERY_JAR" "$BENCH_JAR"; do
            [ -f "$f" ] || die "still missing after the build: $f"
        done
        has_classes HttpCeiling ConvergenceLatency ClusterWatch || die "$BENCH_JAR still lacks the suite's classes"
    fi
    COUNTER_NODE_JAR="$(cd "$(dirname "$COUNTER_NODE_JAR")" && pwd)/$(basename "$COUNTER_NODE_JAR")"
    DISCOVERY_JAR="$(cd "$(dirname "$DISCOVERY_JAR")" && pwd)/$(basename "$DISCOVERY_JAR")"
    BENCH_JAR="$(cd "$(dirname "$BENCH_JAR")" && pwd)/$(basename "$BENCH_JAR")"

    # the node's default number of HTTP threads, which the ceiling must use too
    NODE_HTTP_THREADS="$("$JAVA" -jar "$COUNTER_NODE_JAR" --help 2>&1 | awk '
        $1 ~ /^--http-threads/ { on = 1 }
        on { text = text " " $0 }
        on && /default: *[0-9]+/ { exit }
        END { if (match(text, /default: *[0-9]+/)) { s = substr(text, RSTART, RLENGTH); gsub(/[^0-9]/, "", s); print s } }')"
    is_uint "$NODE_HTTP_THREADS" || die "could not read the default of --http-threads from 'java -jar $COUNTER_NODE_JAR --help'"

    local p
    for p in "$CEIL_PORT" "$NODE_HTTP_PORT" "$NODE_TCP_PORT" "$CL_DISCOVERY_PORT" \
             $(seq "$CL_BASE_TCP" $(( CL_BASE_TCP + CL_NODES - 1 ))) $(seq "$CL_BASE_HTTP" $(( CL_BASE_HTTP + CL_NODES - 1 ))); do
        port_free "$p" || die "port $p on $HOST is in use; choose other ports with BENCH_PORT_BASE=..."
    done
}

# has_classes NAME...: the benchmarks jar has dev.distcounter.bench.NAME for every NAME
has_classes() {
    local -a names=()
    local n
    for n in "$@"; do names+=("dev.distcounter.bench.$n"); done
    "$JAVA" -cp "$BENCH_JAR" dev.distcounter.bench.ClassCheck "${names[@]}" > /dev/null 2>&1
}

# ---------------------------------------------------------------------------
# The items of one run
# ---------------------------------------------------------------------------
run_ceiling() {
    say "run $RUN: HTTP ceiling (JDK HttpServer from CounterHttpApi.createServer, $NODE_HTTP_THREADS threads)"
    local log="$WORK/ceiling-r$RUN.log" url="http://$HOST:$CEIL_PORT/counter" c pid
    start_jvm "$log" -cp "$BENCH_JAR" dev.distcounter.bench.HttpCeiling --port "$CEIL_PORT" --bind "$HOST" \
        --threads "$NODE_HTTP_THREADS"
    pid=$JVM_PID
    await_http "$url" "$pid" "$log" "Counter:"
    sleep 1; rss_kb "$pid"; put ceil.rss_idle "$RSS_KB"
    warm "$url" 64
    for c in "${LOADS[@]}"; do
        if [ "$c" -eq 64 ]; then measure "ceil.c$c" "$url" "$c" "$pid"; else measure "ceil.c$c" "$url" "$c"; fi
    done
    rss_kb "$pid"; put ceil.rss_hwm "$HWM_KB"
    stop_pid "$pid"
}

# run_node MODE FLAGS...: one node, fresh WAL directory; MODE dur (WAL + fsync), nofsync, nowal
run_node() {
    local mode=$1; shift
    local log="$WORK/node-$mode-r$RUN.log" wal="$WORK/wal-$mode-r$RUN" base="http://$HOST:$NODE_HTTP_PORT" c pid
    say "run $RUN: one node, $(mode_desc "$mode")"
    mkdir -p "$wal"
    start_jvm "$log" -jar "$COUNTER_NODE_JAR" "--addr=localhost:$NODE_TCP_PORT" "--http-port=$NODE_HTTP_PORT" \
        "--http-bind=$HOST" --discovery=none "--wal-dir=$wal" "$@"
    pid=$JVM_PID
    await_http "$base/health" "$pid" "$log" "OK"
    sleep 1; rss_kb "$pid"; put "$mode.rss_idle" "$RSS_KB"
    warm "$base/increment" 64
    for c in "${LOADS[@]}"; do
        if [ "$c" -eq 64 ]; then
            measure "$mode.inc.c$c" "$base/increment" "$c" "$pid"
            put "$mode.rss_peak" "${R[$RUN:$mode.inc.c$c.rss_peak]}"
        else
            measure "$mode.inc.c$c" "$base/increment" "$c"
        fi
    done
    if [ "$mode" = dur ]; then
        warm "$base/counter" 64
        for c in "${LOADS[@]}"; do
            measure "$mode.cnt.c$c" "$base/counter" "$c"
        done
    fi
    rss_kb "$pid"; put "$mode.rss_hwm" "$HWM_KB"
    sleep 2; rss_kb "$pid"; put "$mode.rss_after" "$RSS_KB"
    local errors
    # the start-up warnings about running alone and without a WAL are expected here
    errors="$(grep -E ' ERROR | WARN ' "$log" 2>/dev/null | grep -c -v -E 'no discovery server and no seeds|WAL disabled')"
    if [ "${errors:-0}" -gt 0 ]; then
        warn "run $RUN, node ($mode): its log has $errors unexpected WARN/ERROR lines (see $log)"; KEEP_WORK=1
    fi
    stop_pid "$pid"
    rm -rf -- "$wal"
}

mode_desc() {
    case "$1" in
        dur)     echo "WAL with fsync (durable, group commit; the default)" ;;
        nofsync) echo "WAL without fsync (--wal-fsync=false)" ;;
        nowal)   echo "no WAL (--wal=false)" ;;
    esac
}

cluster_ports() {
    local i ports=""
    for (( i = 0; i < CL_NODES; i++ )); do ports+="${ports:+,}$(( CL_BASE_HTTP + i ))"; done
    echo "$ports"
}

run_cluster_items() {
    local dir="$WORK/cluster-r$RUN" log="$WORK/cluster-r$RUN.log" i n peers ok
    say "run $RUN: the 5-node layout of run-cluster.sh (discovery :$CL_DISCOVERY_PORT, HTTP :$CL_BASE_HTTP-$(( CL_BASE_HTTP + CL_NODES - 1 )))"
    mkdir -p "$dir"
    CLUSTER_UP="$dir"
    cluster_env "$dir" bash "$RUN_CLUSTER" start > "$log" 2>&1 || { cat "$log" >&2; die "run-cluster.sh start failed"; }

    # wait until every node knows the 4 others
    for (( n = 0; n < 200; n++ )); do
        ok=1
        for (( i = 0; i < CL_NODES; i++ )); do
            peers="$(curl -s --max-time 2 "http://$HOST:$(( CL_BASE_HTTP + i ))/peers" 2>/dev/null)"
            [[ $peers =~ ^Peers\ \(([0-9]+)\) ]] && [ "${BASH_REMATCH[1]}" -ge $(( CL_NODES - 1 )) ] || { ok=0; break; }
        done
        [ "$ok" -eq 1 ] && break
        sleep 0.1
    done
    [ "$ok" -eq 1 ] || warn "run $RUN: not every node listed all $(( CL_NODES - 1 )) peers within 20 s; measuring anyway"
    put cl.join_ms "$(( n * 100 ))"

    # warm-up: the same load, unmeasured
    local -a pids=()
    for (( i = 0; i < CL_NODES; i++ )); do
        wrk_start "$WORK/wrk-cluster-warmup-$i.txt" "$CL_CONNS" "$WARMUP" "http://$HOST:$(( CL_BASE_HTTP + i ))/increment" 1
        pids+=("$WRK_PID")
    done
    for i in "${pids[@]}"; do wrk_wait "$i" || die "wrk failed (cluster warm-up)"; done

    # the watcher polls every node every 10 ms; the load's end goes in the end file
    local endf="$WORK/load-end-r$RUN" wlog="$WORK/watch-r$RUN.log" wpid
    rm -f "$endf"
    local -a topts=()
    read -r -a topts <<< "$TOOL_OPTS"
    "$JAVA" ${topts[@]+"${topts[@]}"} -cp "$BENCH_JAR" dev.distcounter.bench.ClusterWatch --ports "$(cluster_ports)" \
        --end-file "$endf" --interval-ms "$WATCH_INTERVAL_MS" --timeout-ms 60000 > "$wlog" 2>&1 < /dev/null &
    wpid=$!
    STARTED+=("$wpid")
    for (( n = 0; n < 200; n++ )); do
        grep -q '^WATCHING' "$wlog" 2>/dev/null && break
        alive "$wpid" || { cat "$wlog" >&2; die "ClusterWatch exited"; }
        sleep 0.05
    done

    say "run $RUN: write load on all $CL_NODES nodes at once (wrk -t1 -c$CL_CONNS each, ${DURATION}s)"
    pids=()
    for (( i = 0; i < CL_NODES; i++ )); do
        wrk_start "$WORK/wrk-r$RUN-cluster-$i.txt" "$CL_CONNS" "$DURATION" "http://$HOST:$(( CL_BASE_HTTP + i ))/increment" 1
        pids+=("$WRK_PID")
    done
    for i in "${pids[@]}"; do wrk_wait "$i" || die "wrk failed (cluster load)"; done
    now_us > "$endf.tmp" && mv "$endf.tmp" "$endf"

    local total=0 reqs=0 errs=0 worst=0
    for (( i = 0; i < CL_NODES; i++ )); do
        parse_wrk "$WORK/wrk-r$RUN-cluster-$i.txt" || die "could not read wrk's output (cluster, node $(( i + 1 )))"
        total="$(awk -v a="$total" -v b="$W_RPS" 'BEGIN { printf "%.2f", a + b }')"
        reqs=$(( reqs + W_REQS )); errs=$(( errs + W_ERRS ))
        worst="$(awk -v a="$worst" -v b="$W_P99" 'BEGIN { print (b > a) ? b : a }')"
        put "cl.node$(( i + 1 )).rps" "$W_RPS"
    done
    put cl.rps "$total"; put cl.p99_worst "$worst"; put cl.errs "$errs"
    [ "$errs" -gt 0 ] && { warn "run $RUN, cluster load: wrk counted $errs errors or non-2xx answers"; KEEP_WORK=1; }

    wait "$wpid"; local wrc=$?
    forget_pid "$wpid"
    local result
    result="$(grep '^RESULT' "$wlog" | tail -n 1)"
    if [[ $result =~ converged=yes\ converge_ms=([0-9.]+)\ value=(-?[0-9]+)\ version=([0-9]+) ]]; then
        put cl.converge_ms "${BASH_REMATCH[1]}"
        put cl.final_value "${BASH_REMATCH[2]}"
        say "  cluster: $(printf '%.0f' "$total") req/s in total, converged ${BASH_REMATCH[1]} ms after the load (value ${BASH_REMATCH[2]})"
    else
        warn "run $RUN: the cluster did not converge within 60 s after the load (rc $wrc): $result"
        KEEP_WORK=1
    fi

    # item 5: single-increment convergence latency
    say "run $RUN: single-increment convergence latency ($CONV_SAMPLES samples)"
    local clog="$WORK/convergence-r$RUN.log"
    "$JAVA" ${topts[@]+"${topts[@]}"} -cp "$BENCH_JAR" dev.distcounter.bench.ConvergenceLatency \
        --ports "$(cluster_ports)" --samples "$CONV_SAMPLES" --gap-ms "$CONV_GAP_MS" > "$clog" 2>&1 < /dev/null &
    local cpid=$!
    STARTED+=("$cpid")
    wait "$cpid"; local crc=$?
    forget_pid "$cpid"
    result="$(grep '^RESULT' "$clog" | tail -n 1)"
    local kv k v
    for kv in $result; do
        [[ $kv == *=* ]] || continue
        k="${kv%%=*}"; v="${kv#*=}"
        put "conv.$k" "$v"
    done
    if [ "$crc" -ne 0 ] || [ -z "$result" ]; then
        warn "run $RUN: ConvergenceLatency failed or timed out (exit $crc; see $clog)"; KEEP_WORK=1
        cat "$clog" >&2
    else
        say "  convergence: p50 ${R[$RUN:conv.p50_ms]} ms, p99 ${R[$RUN:conv.p99_ms]} ms, max ${R[$RUN:conv.max_ms]} ms (resolution: round trip ${R[$RUN:conv.rtt_p50_ms]} ms)"
    fi

    for (( i = 1; i <= CL_NODES; i++ )); do
        rss_kb "$(cat "$dir/logs/node-$i.pid" 2>/dev/null || echo 0)" 2>/dev/null
        put "cl.node$i.rss" "$RSS_KB"; put "cl.node$i.hwm" "$HWM_KB"
    done
    cluster_env "$dir" bash "$RUN_CLUSTER" stop >> "$log" 2>&1 || warn "run-cluster.sh stop reported a failure (see $log)"
    CLUSTER_UP=""
    local errors
    errors="$(cat "$dir"/logs/node-*.log 2>/dev/null | grep -c -E ' ERROR ')"
    [ "${errors:-0}" -gt 0 ] && { warn "run $RUN: the cluster's node logs have $errors ERROR lines (see $dir/logs)"; KEEP_WORK=1; }
}

# ---------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------
machine_desc() {
    local cpu mem
    cpu="$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)"
    mem="$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)"
    printf '%s vCPU %s, %s RAM, %s' "$(nproc 2>/dev/null || echo '?')" "${cpu:-unknown CPU}" "${mem:-?}" "$(uname -srm)"
}

write_report() {
    local c mode k
    echo "# Benchmark report"
    echo
    echo "- Command: \`bench/run-bench.sh${ORIG_ARGS[*]:+ ${ORIG_ARGS[*]}}\` (repository $REPO_ROOT, commit $(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$REPO_ROOT" diff --quiet HEAD 2>/dev/null || echo ', with uncommitted changes'))"
    echo "- Date: $START_DATE; took $(( SECONDS / 60 )) min $(( SECONDS % 60 )) s"
    echo "- Machine: $(machine_desc); load average (1, 5, 15 min) before the start: $LOADAVG, at the end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?') (the suite's own processes count too)"
    echo "- WAL and cluster directories on: $WORK_FS ($BENCH_TMPDIR)"
    echo "- JDK: $JDK_DESC"
    echo "- Load tool: $WRK_VERSION ($WRK, $WRK_SOURCE), on the same machine as the servers; \`wrk -t1 -c1\` for 1 connection, \`wrk -t2 -cN\` otherwise, \`--latency\`, ${DURATION} s per load after a ${WARMUP} s warm-up per server and path"
    echo "- JVM flags of the nodes and of the ceiling: \`$JAVA_OPTS\` (run-cluster.sh's JAVA_OPTS), MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX; HTTP threads: $NODE_HTTP_THREADS (the node's default \`--http-threads\`), for the ceiling too"
    echo "- Jars: \`$COUNTER_NODE_JAR\`, \`$DISCOVERY_JAR\`, \`$BENCH_JAR\`"
    if [ "$RUNS" -gt 1 ]; then
        echo "- $RUNS runs; every figure is the median over the runs, then the lowest and highest run in parentheses. Ratios to the ceiling are taken per run (node and ceiling of the same run), then the median. Targets are judged on the medians."
    else
        echo "- 1 run (quick mode: indicative only; the full suite runs 3 and reports medians and spreads)."
    fi
    echo

    echo "## Targets"
    echo
    echo "| target | measured | verdict |"
    echo "|---|---|---|"
    for c in 64 16; do
        local need=0.8; [ "$c" -eq 16 ] && need=0.6
        if agg "dur.inc.c$c.ratio"; then
            echo "| durable \`/increment\` (WAL + fsync), $c connections ≥ $need × ceiling | $(cell x "dur.inc.c$c.ratio" ×) | $(verdict "$A_MED" ">=" "$need") |"
        fi
    done
    for c in "${LOADS[@]}"; do
        agg "dur.cnt.c$c.ratio" && echo "| \`/counter\`, $c connection(s) ≥ 0.9 × ceiling | $(cell x "dur.cnt.c$c.ratio" ×) | $(verdict "$A_MED" ">=" 0.9) |"
    done
    agg conv.p99_ms && echo "| single-increment convergence to 5 nodes, p99 < 5 ms | $(cell ms conv.p99_ms " ms") | $(verdict "$A_MED" "<" 5) |"
    if agg dur.rss_hwm; then
        local worst=$A_MAX
        echo "| node resident memory under load < 150 MB (default flags: the highest RSS the durable node reached, VmHWM; judged on the highest run) | highest $(fmt mb "$worst") MB$([ "$RUNS" -gt 1 ] && echo "; median $(cell mb dur.rss_hwm " MB")") | $(verdict "$(awk -v v="$worst" 'BEGIN { print v * 1024 / 1e6 }')" "<" 150) |"
    fi
    echo

    echo "## 1. HTTP ceiling"
    echo
    echo "A minimal JDK HttpServer made by the node's own \`CounterHttpApi.createServer\` (TCP_NODELAY, backlog 1024, $NODE_HTTP_THREADS threads), same JDK and JVM flags as the node; its only handler reads the body and answers \`Counter: 0 (version 0)\` as text. Same wrk loads as the node."
    echo
    echo "| connections | requests/s | p50 | p99 |"
    echo "|---|---|---|---|"
    for c in "${LOADS[@]}"; do
        echo "| $c | $(cell int "ceil.c$c.rps") | $(cell ms "ceil.c$c.p50" " ms") | $(cell ms "ceil.c$c.p99" " ms") |"
    done
    echo

    echo "## 2. \`/increment\` on one node"
    echo
    echo "One node, \`--discovery=none\` (no peers), a fresh \`--wal-dir\` each time. A durable write is answered once its WAL record is fsynced (group commit)."
    echo
    echo "| WAL | connections | requests/s | × ceiling | target | p50 | p99 |"
    echo "|---|---|---|---|---|---|---|"
    for mode in dur nofsync nowal; do
        for c in "${LOADS[@]}"; do
            local target=""
            if [ "$mode" = dur ]; then
                [ "$c" -eq 64 ] && target="≥ 0.8 ($(agg "dur.inc.c$c.ratio"; verdict "$A_MED" ">=" 0.8))"
                [ "$c" -eq 16 ] && target="≥ 0.6 ($(agg "dur.inc.c$c.ratio"; verdict "$A_MED" ">=" 0.6))"
            fi
            echo "| $(mode_short "$mode") | $c | $(cell int "$mode.inc.c$c.rps") | $(cell x "$mode.inc.c$c.ratio") | $target | $(cell ms "$mode.inc.c$c.p50" " ms") | $(cell ms "$mode.inc.c$c.p99" " ms") |"
        done
    done
    echo

    echo "## 3. \`/counter\` on one node"
    echo
    echo "The durable node of item 2, after its \`/increment\` loads."
    echo
    echo "| connections | requests/s | × ceiling | target | p50 | p99 |"
    echo "|---|---|---|---|---|---|"
    for c in "${LOADS[@]}"; do
        echo "| $c | $(cell int "dur.cnt.c$c.rps") | $(cell x "dur.cnt.c$c.ratio") | ≥ 0.9 ($(agg "dur.cnt.c$c.ratio"; verdict "$A_MED" ">=" 0.9)) | $(cell ms "dur.cnt.c$c.p50" " ms") | $(cell ms "dur.cnt.c$c.p99" " ms") |"
    done
    echo

    echo "## 4. Write load over the 5-node layout, then convergence"
    echo
    echo "\`run-cluster.sh start\` (discovery server + 5 nodes with their usual flags: node 1 default, 2 sync 1 s, 3 no WAL, 4 WAL without fsync, 5 sync 5 s), JVM flags \`$JAVA_OPTS\`. Five wrk processes at once, one per node, \`wrk -t1 -c$CL_CONNS\` each ($(( CL_NODES * CL_CONNS )) connections in all), \`/increment\` for ${DURATION} s after a ${WARMUP} s warm-up. Convergence: from the moment the last wrk process exited until all 5 nodes first reported the same value and version, every node's \`/counter\` read at once every ${WATCH_INTERVAL_MS} ms over kept-alive connections (ClusterWatch); resolution ${WATCH_INTERVAL_MS} ms plus one round of reads; 0 means they already agreed when the load ended."
    echo
    echo "| total requests/s | × ceiling (64 connections) | worst node's p99 | converged after the load | nodes listed all peers after start |"
    echo "|---|---|---|---|---|"
    ratio cl.rps ceil.c64.rps cl.ratio
    echo "| $(cell int cl.rps) | $(cell x cl.ratio) | $(cell ms cl.p99_worst " ms") | $(cell s cl.converge_ms " ms") | $(cell int cl.join_ms " ms") |"
    echo
    echo "Per node (requests/s): $(for (( k = 1; k <= CL_NODES; k++ )); do printf '%snode %d %s' "$([ "$k" -gt 1 ] && echo '; ')" "$k" "$(cell int "cl.node$k.rps")"; done)."
    echo

    echo "## 5. Single-increment convergence latency to all 5 nodes"
    echo
    echo "On the same cluster after item 4, $CONV_SAMPLES samples per run (after 20 unrecorded warm-up samples), ${CONV_GAP_MS} ms apart so each starts from a quiet cluster whose nodes all hold version V0. Method (ConvergenceLatency): a waiting read \`GET /counter?atLeast=V0+1\` is sent to each of 4 nodes on its own kept-alive connection (a minimal HTTP/1.1 client, TCP_NODELAY); a node answers it the moment it applies the update. Then \`/increment\` on the fifth node (round-robin over the 5); t0 = the moment its answer has been read. A sample is the time from t0 to the arrival of the last of the 4 waiting reads' answers (0 when all arrived before t0: $(cell int conv.early) of $CONV_SAMPLES samples); from sending the increment instead: p50 $(cell ms conv.send_p50_ms " ms"), p99 $(cell ms conv.send_p99_ms " ms"). System.nanoTime, HdrHistogram. Nothing polls, so the measurement adds no load. Resolution: the time a node takes to write a ready answer and the client to read it, less than one round trip of an answered-at-once \`/counter?atLeast=0\`: median $(cell ms conv.rtt_p50_ms " ms"), p99 $(cell ms conv.rtt_p99_ms " ms")."
    echo
    echo "| p50 | p90 | p99 | max | mean | timed out |"
    echo "|---|---|---|---|---|---|"
    echo "| $(cell ms conv.p50_ms " ms") | $(cell ms conv.p90_ms " ms") | $(cell ms conv.p99_ms " ms") | $(cell ms conv.max_ms " ms") | $(cell ms conv.mean_ms " ms") | $(cell int conv.timeouts) |"
    echo

}

write_memory() {
    local mode k
    echo "## 8. Memory (resident set size)"
    echo
    echo "VmRSS from /proc/PID/status, JVM flags \`$JAVA_OPTS\`. Idle: 1 s after the node answered /health, before any load. Under load: the highest VmRSS sampled every 0.1 s during the 64-connection \`/increment\` load. Highest: VmHWM at the end of all the node's loads. After: 2 s after its last load."
    echo
    echo "| process | idle | under load (64 conn.) | highest (VmHWM) | after the load |"
    echo "|---|---|---|---|---|"
    echo "| HTTP ceiling | $(cell mb ceil.rss_idle " MB") | $(cell mb ceil.c64.rss_peak " MB") | $(cell mb ceil.rss_hwm " MB") | - |"
    for mode in dur nofsync nowal; do
        echo "| node, $(mode_short "$mode") | $(cell mb "$mode.rss_idle" " MB") | $(cell mb "$mode.rss_peak" " MB") | $(cell mb "$mode.rss_hwm" " MB") | $(cell mb "$mode.rss_after" " MB") |"
    done
    echo
    echo "Nodes of the 5-node layout after items 4 and 5 (VmRSS / VmHWM): $(for (( k = 1; k <= CL_NODES; k++ )); do printf '%snode %d %s / %s' "$([ "$k" -gt 1 ] && echo '; ')" "$k" "$(cell mb "cl.node$k.rss" " MB")" "$(cell mb "cl.node$k.hwm" " MB")"; done)."
    echo
    echo "(MB = 1,000,000 bytes, as in the target; 150 MB = 143 MiB.)"
    echo

}

write_notes() {
    local k
    if [ "${#NOTES[@]}" -gt 0 ]; then
        echo "## Notes"
        echo
        for k in "${NOTES[@]}"; do echo "- $k"; done
        echo
    fi
}

mode_short() {
    case "$1" in
        dur)     echo "WAL + fsync" ;;
        nofsync) echo "WAL, no fsync" ;;
        nowal)   echo "none" ;;
    esac
}

# items 6 and 7: Java programs of the same module, when the jar has them
run_extra_items() {
    local cls title out rc
    local -a args=()
    for cls in ClusterGrowth RestartTime; do
        case "$cls" in
            ClusterGrowth)
                title="## 6. Growth with cluster size"
                args=()
                [ "$QUICK" -eq 1 ] && args=(--sizes 10,100 --seeds 2) ;;
            RestartTime)
                title="## 7. Restart time"
                args=(--node-jar "$COUNTER_NODE_JAR" --dir "$WORK")
                [ "$QUICK" -eq 1 ] && args+=(--ops 1000000 --repeats 1) ;;
        esac
        echo "$title"
        echo
        if ! has_classes "$cls"; then
            echo "Skipped: \`dev.distcounter.bench.$cls\` is not in $BENCH_JAR (yet)."
            echo
            continue
        fi
        say "item ${title:3:1}: java -cp benchmarks.jar dev.distcounter.bench.$cls ${args[*]:-}"
        local t0=$SECONDS
        out="$WORK/$cls.log"
        # the JDK's default JVM flags: these programs size their own heaps (simulated clusters, logs)
        "$JAVA" -cp "$BENCH_JAR" "dev.distcounter.bench.$cls" ${args[@]+"${args[@]}"} \
            > "$out" 2> "$out.err" < /dev/null &
        local p=$!
        STARTED+=("$p")
        wait "$p"; rc=$?
        forget_pid "$p"
        echo "\`java -cp bench/target/benchmarks.jar dev.distcounter.bench.$cls${args[*]:+ ${args[*]}}\` (took $(( SECONDS - t0 )) s):"
        echo
        sed 's/^#/##/' "$out"
        echo
        if [ "$rc" -ne 0 ]; then
            echo "(exited with code $rc; its error output: $(tail -n 5 "$out.err" | tr '\n' ' '))"
            echo
            warn "$cls exited with code $rc (see $out.err)"; KEEP_WORK=1
        fi
    done
}

# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------
main() {
    mkdir -p "$BENCH_TMPDIR" || die "cannot create $BENCH_TMPDIR"
    check_prerequisites
    WORK="$(mktemp -d "$BENCH_TMPDIR/distcounter-bench.XXXXXX")" || die "cannot create a directory in $BENCH_TMPDIR"
    WORK_FS="$(df -PT "$WORK" 2>/dev/null | awk 'NR == 2 { print $2 }')"
    [ "$WORK_FS" = tmpfs ] && warn "$BENCH_TMPDIR is on tmpfs: fsync costs nothing there, so the durable figures flatter the node; set BENCH_TMPDIR to a directory on a disk"
    START_DATE="$(date '+%Y-%m-%d %H:%M:%S %Z')"
    LOADAVG="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
    local stamp
    stamp="$(date '+%Y%m%d-%H%M%S')"
    [ -n "$OUT" ] || OUT="$SCRIPT_DIR/results/bench-$stamp.md"
    mkdir -p "$(dirname "$OUT")" || die "cannot create the directory of $OUT"

    say "wrk: $WRK_VERSION ($WRK, $WRK_SOURCE)"
    say "JDK: $JDK_DESC"
    say "JVM flags: $JAVA_OPTS; HTTP threads (node default): $NODE_HTTP_THREADS; $RUNS run(s), ${DURATION} s per load, connections ${LOADS[*]}"
    say "work directory: $WORK ($WORK_FS)"
    local busy
    busy="$(awk -v n="$(nproc 2>/dev/null || echo 1)" '{ print ($1 > n / 2) ? 1 : 0 }' /proc/loadavg 2>/dev/null)"
    [ "${busy:-0}" = 1 ] && warn "the machine was busy when the suite started (load average $LOADAVG on $(nproc) CPUs): other processes compete with the servers and wrk; the ratios to the ceiling of the same run are the robust figures"

    for (( RUN = 1; RUN <= RUNS; RUN++ )); do
        run_ceiling
        run_node dur
        run_node nofsync --wal-fsync=false
        run_node nowal --wal=false
        local c mode
        for c in "${LOADS[@]}"; do
            for mode in dur nofsync nowal; do
                ratio "$mode.inc.c$c.rps" "ceil.c$c.rps" "$mode.inc.c$c.ratio"
            done
            ratio "dur.cnt.c$c.rps" "ceil.c$c.rps" "dur.cnt.c$c.ratio"
        done
        run_cluster_items
    done

    local extra="$WORK/extra.md"
    run_extra_items > "$extra"
    { write_report; cat "$extra"; write_memory; write_notes; } > "$OUT.tmp" && mv "$OUT.tmp" "$OUT"
    cat "$OUT"
    say "report written to $OUT (total time $(( SECONDS / 60 )) min $(( SECONDS % 60 )) s)"
}

main
