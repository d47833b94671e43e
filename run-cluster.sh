#!/usr/bin/env bash
#
# run-cluster.sh - manage a local distributed-counter cluster: one discovery
# server and NODE_COUNT (default 5) counter nodes, all on the loopback
# interface.
#
# Needs only bash, curl and a JDK. Processes are tracked by PID files under
# logs/ and only processes this script started (checked by their command line)
# are ever signalled. Run "./run-cluster.sh help" for the commands.

set -u

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$SCRIPT_DIR"

# ---------------------------------------------------------------------------
# Configuration (every value can be overridden from the environment)
# ---------------------------------------------------------------------------
DISCOVERY_PORT="${DISCOVERY_PORT:-8000}"
BASE_TCP_PORT="${BASE_TCP_PORT:-9000}"
BASE_HTTP_PORT="${BASE_HTTP_PORT:-8010}"
NODE_COUNT="${NODE_COUNT:-5}"
COUNTER_NODE_JAR="${COUNTER_NODE_JAR:-$REPO_ROOT/counter-node/target/counter-node.jar}"
DISCOVERY_JAR="${DISCOVERY_JAR:-$REPO_ROOT/discovery-server/target/discovery-server.jar}"
JAVA="${JAVA:-java}"
# JAVA_OPTS and MALLOC_ARENA_MAX, shared with bench/run-bench.sh
# shellcheck source=conf/jvm-options.sh
. "$REPO_ROOT/conf/jvm-options.sh"
CLUSTER_DIR="${CLUSTER_DIR:-$SCRIPT_DIR}"

LOG_DIR="$CLUSTER_DIR/logs"
DATA_DIR="$CLUSTER_DIR/data"
BIND_HOST="127.0.0.1"          # HTTP APIs and discovery listen on loopback only
CURL_TIMEOUT=3                 # seconds, for every HTTP request
START_TIMEOUT=30               # seconds to wait for a started process to answer /health
STOP_TIMEOUT=10                # seconds to wait for a process to exit after SIGTERM
CONVERGE_TIMEOUT_CHECK=15      # seconds the "check" command waits for convergence
BASELINE_TIMEOUT=15            # seconds the simulation waits for a converged baseline
SLOWEST_SYNC=5                 # seconds, the slowest node's sync interval (node 5)
FAULT_CONVERGE_TIMEOUT=60      # seconds a simulation with faults waits for convergence after healing
CHAOS_FAULT_DROP=0.3           # drop probability of the simulation's chaos fault
CHECK_TIMEOUT=120              # seconds the history checker may run
LOG_TAIL_LINES=50

# ---------------------------------------------------------------------------
# Output helpers: colours only when stdout is a terminal
# ---------------------------------------------------------------------------
if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
    RED=$'\033[0;31m'; GREEN=$'\033[0;32m'; YELLOW=$'\033[0;33m'
    BLUE=$'\033[0;34m'; CYAN=$'\033[0;36m'; BOLD=$'\033[1m'; NC=$'\033[0m'
else
    RED=""; GREEN=""; YELLOW=""; BLUE=""; CYAN=""; BOLD=""; NC=""
fi

info()    { printf '%s\n' "${BLUE}$*${NC}"; }
ok()      { printf '%s\n' "${GREEN}✓ $*${NC}"; }
warn()    { printf '%s\n' "${YELLOW}! $*${NC}"; }
fail()    { printf '%s\n' "${RED}✗ $*${NC}"; }
header()  { printf '%s\n' "${BOLD}${CYAN}$*${NC}"; }
die()     { fail "$*" >&2; exit 1; }

is_uint() { [[ ${1:-} =~ ^[0-9]+$ ]]; }

validate_config() {
    local name
    for name in DISCOVERY_PORT BASE_TCP_PORT BASE_HTTP_PORT NODE_COUNT; do
        is_uint "${!name}" || die "$name must be a non-negative integer (got '${!name}')"
    done
    [ "$NODE_COUNT" -ge 1 ] || die "NODE_COUNT must be at least 1"
    [ -n "$CLUSTER_DIR" ] || die "CLUSTER_DIR must not be empty"
}

# ---------------------------------------------------------------------------
# Time helpers (milliseconds)
# ---------------------------------------------------------------------------
NOW_MS=0
now_ms() {
    if [ -n "${EPOCHREALTIME:-}" ]; then
        local t="${EPOCHREALTIME//[!0-9]/}"   # microseconds, locale independent
        NOW_MS=$(( 10#$t / 1000 ))
    else
        NOW_MS=$(( $(date +%s) * 1000 ))
    fi
}

# fmt_secs MS -> "12.3"
fmt_secs() {
    local ms=$1
    printf '%d.%d' $(( ms / 1000 )) $(( (ms % 1000) / 100 ))
}

# to_ms "2" | "0.5" | "1.25" -> milliseconds in TO_MS; fails on anything else
TO_MS=0
to_ms() {
    local v=$1 frac
    [[ $v =~ ^([0-9]+)(\.([0-9]{1,3}))?$ ]] || return 1
    frac="${BASH_REMATCH[3]}000"
    TO_MS=$(( 10#${BASH_REMATCH[1]} * 1000 + 10#${frac:0:3} ))
}

timestamp() { date '+%Y-%m-%d %H:%M:%S'; }

# ---------------------------------------------------------------------------
# Cluster layout
# ---------------------------------------------------------------------------
node_tcp_port()  { echo $(( BASE_TCP_PORT + $1 - 1 )); }
node_http_port() { echo $(( BASE_HTTP_PORT + $1 - 1 )); }
node_url()       { echo "http://$BIND_HOST:$(( BASE_HTTP_PORT + $1 - 1 ))"; }
discovery_url()  { echo "http://$BIND_HOST:$DISCOVERY_PORT"; }
node_pid_file()  { echo "$LOG_DIR/node-$1.pid"; }
node_log_file()  { echo "$LOG_DIR/node-$1.log"; }
DISCOVERY_PID_FILE_NAME="discovery.pid"
discovery_pid_file() { echo "$LOG_DIR/$DISCOVERY_PID_FILE_NAME"; }
discovery_log_file() { echo "$LOG_DIR/discovery.log"; }

# The per-node flags that make the demo cluster heterogeneous (see README).
# Sets NODE_FLAGS (array) and NODE_DESC.
node_config() {
    NODE_FLAGS=()
    case "$1" in
        1) NODE_DESC="default (sync 2s, 2 peers, WAL with fsync)" ;;
        2) NODE_FLAGS=(--sync=1s --max-peers=3); NODE_DESC="aggressive sync (1s, 3 peers)" ;;
        3) NODE_FLAGS=(--wal=false);             NODE_DESC="no WAL (persistence disabled)" ;;
        4) NODE_FLAGS=(--wal-fsync=false);       NODE_DESC="WAL without fsync" ;;
        5) NODE_FLAGS=(--sync=5s);               NODE_DESC="slow sync (5s)" ;;
        *) NODE_DESC="default" ;;
    esac
}

# check_node_arg N: N must be a node number of this cluster
check_node_arg() {
    if ! is_uint "$1" || [ "$1" -lt 1 ] || [ "$1" -gt "$NODE_COUNT" ]; then
        die "Invalid node number '$1': expected 1..$NODE_COUNT"
    fi
}

# ---------------------------------------------------------------------------
# Process tracking (PID files, never by name)
# ---------------------------------------------------------------------------

# proc_alive PID: the process exists and is not a zombie
proc_alive() {
    local pid=$1 stat state
    kill -0 "$pid" 2>/dev/null || return 1
    if [ -r "/proc/$pid/stat" ]; then
        stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || return 1
        stat="${stat##*) }"
        state="${stat%% *}"
        [ "$state" != "Z" ] && [ "$state" != "X" ]
    else
        state="$(ps -p "$pid" -o stat= 2>/dev/null)" || return 1
        [[ $state != Z* ]]
    fi
}

# proc_cmdline PID -> the command line, arguments separated by spaces
proc_cmdline() {
    local pid=$1
    if [ -r "/proc/$pid/cmdline" ]; then
        tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null
    else
        ps -p "$pid" -o args= 2>/dev/null
    fi
}

# proc_is_ours PID JAR: alive, and its command line names the jar
proc_is_ours() {
    local pid=$1 jar_name
    jar_name="$(basename "$2")"
    proc_alive "$pid" || return 1
    [[ "$(proc_cmdline "$pid")" == *"$jar_name"* ]]
}

# read_pid_file FILE -> prints the PID if the file holds a number
read_pid_file() {
    local file=$1 pid=""
    [ -f "$file" ] || return 1
    read -r pid < "$file" 2>/dev/null || true
    is_uint "$pid" || return 1
    echo "$pid"
}

# live_pid FILE JAR -> prints the PID when the file names a live process of ours
live_pid() {
    local pid
    pid="$(read_pid_file "$1")" || return 1
    proc_is_ours "$pid" "$2" || return 1
    echo "$pid"
}

# remove_if_stale FILE JAR: drop a PID file that names no live process of ours.
# Only removes it if it still holds the stale PID (a concurrent start may have
# just rewritten it). Returns 0 when a stale file was removed.
remove_if_stale() {
    local file=$1 jar=$2 pid now
    [ -f "$file" ] || return 1
    pid="$(read_pid_file "$file")" || pid=""
    if [ -n "$pid" ] && proc_is_ours "$pid" "$jar"; then
        return 1
    fi
    now="$(read_pid_file "$file")" || now=""
    [ "$now" = "$pid" ] || return 1
    rm -f "$file"
}

node_pid()      { live_pid "$(node_pid_file "$1")" "$COUNTER_NODE_JAR"; }
discovery_pid() { live_pid "$(discovery_pid_file)" "$DISCOVERY_JAR"; }

# running_nodes -> RUNNING (array of node numbers whose process is alive)
running_nodes() {
    RUNNING=()
    local i
    for (( i = 1; i <= NODE_COUNT; i++ )); do
        if node_pid "$i" >/dev/null; then RUNNING+=("$i"); fi
    done
}

# ---------------------------------------------------------------------------
# HTTP helpers
# ---------------------------------------------------------------------------

# http_get URL [CURL_ARGS...] -> HTTP_CODE (000 when no answer), HTTP_BODY
# (without the final newline), HTTP_RC (curl's exit code: 7 = refused,
# 28 = timed out, 52/56 = empty reply/reset)
http_get() {
    local url=$1 out
    shift
    out="$(curl -s --max-time "$CURL_TIMEOUT" "$@" -w $'\n%{http_code}' "$url" 2>/dev/null)"
    HTTP_RC=$?
    HTTP_CODE="${out##*$'\n'}"
    HTTP_BODY="${out%$'\n'*}"
    [ "$HTTP_BODY" = "$out" ] && HTTP_BODY=""
    HTTP_BODY="${HTTP_BODY%$'\n'}"
    [[ $HTTP_CODE =~ ^[0-9]{3}$ ]] || HTTP_CODE=000
    [ "$HTTP_RC" -eq 0 ] && [ "$HTTP_CODE" = 200 ]
}

# read_cluster N -> the node's view of the cluster from GET /cluster (JSON):
# CL_LEADER (address, empty when it knows none), CL_TERM, CL_ELECTING
# (true/false), CL_MEMBERS, CL_ALIVE, CL_SUSPECT, CL_DEAD (member counts)
read_cluster() {
    CL_LEADER=""; CL_TERM="?"; CL_ELECTING=false
    CL_MEMBERS=0; CL_ALIVE=0; CL_SUSPECT=0; CL_DEAD=0
    http_get "$(node_url "$1")/cluster" -H 'Accept: application/json' || return 1
    local top="${HTTP_BODY%%\"members\"*}" rest re
    re='"leader"[[:space:]]*:[[:space:]]*(null|"([^"]*)")'
    [[ $top =~ $re ]] || return 1
    CL_LEADER="${BASH_REMATCH[2]}"
    re='"term"[[:space:]]*:[[:space:]]*([0-9]+)'
    [[ $top =~ $re ]] && CL_TERM="${BASH_REMATCH[1]}"
    re='"electing"[[:space:]]*:[[:space:]]*(true|false)'
    [[ $top =~ $re ]] && CL_ELECTING="${BASH_REMATCH[1]}"
    rest="${HTTP_BODY#"$top"}"
    re='"state"[[:space:]]*:[[:space:]]*"([a-z]+)"'
    while [[ $rest =~ $re ]]; do
        CL_MEMBERS=$(( CL_MEMBERS + 1 ))
        case "${BASH_REMATCH[1]}" in
            alive)   CL_ALIVE=$(( CL_ALIVE + 1 )) ;;
            suspect) CL_SUSPECT=$(( CL_SUSPECT + 1 )) ;;
            dead)    CL_DEAD=$(( CL_DEAD + 1 )) ;;
        esac
        rest="${rest#*"${BASH_REMATCH[0]}"}"
    done
    return 0
}

# addr_node ADDR -> the node number whose TCP address ADDR is (fails if none)
addr_node() {
    [[ ${1:-} =~ ^(localhost|127\.0\.0\.1):([0-9]+)$ ]] || return 1
    local n=$(( 10#${BASH_REMATCH[2]} - BASE_TCP_PORT + 1 ))
    [ "$n" -ge 1 ] && [ "$n" -le "$NODE_COUNT" ] || return 1
    echo "$n"
}

# leader_desc ADDR -> "node 5 (localhost:9004)", or the address, or "none"
leader_desc() {
    local n
    if [ -z "${1:-}" ]; then echo "none"
    elif n="$(addr_node "$1")"; then echo "node $n ($1)"
    else echo "$1"; fi
}

node_addr() { echo "localhost:$(node_tcp_port "$1")"; }

# post_chaos N JSON: POST /admin/chaos on node N -> CHAOS_TEXT (the node's
# answer or the reason it failed); returns 0 on 200
post_chaos() {
    http_post_json "$(node_url "$1")/admin/chaos" "$2"
    CHAOS_TEXT="$HTTP_BODY"
    if [ "$HTTP_RC" -eq 0 ] && [ "$HTTP_CODE" = 200 ]; then return 0; fi
    if [ "$HTTP_CODE" = 000 ]; then CHAOS_TEXT="no answer (curl exit $HTTP_RC)"
    else CHAOS_TEXT="HTTP $HTTP_CODE${HTTP_BODY:+: $HTTP_BODY}"; fi
    return 1
}

# http_post_json URL JSON -> as http_get
http_post_json() {
    http_get "$1" -X POST -H 'Content-Type: application/json' --data-binary "$2"
}

# json_escape STRING -> the string with backslashes, quotes and control
# characters escaped, ready to sit between double quotes in JSON
json_escape() {
    local s=$1
    s="${s//\\/\\\\}"
    s="${s//\"/\\\"}"
    s="${s//$'\n'/\\n}"
    s="${s//$'\r'/\\r}"
    s="${s//$'\t'/\\t}"
    printf '%s' "$s"
}

# read_counter N -> CNT_VALUE, CNT_VERSION; fails when unreachable/unparseable
read_counter() {
    CNT_VALUE=""; CNT_VERSION=""
    http_get "$(node_url "$1")/counter" || return 1
    if [[ $HTTP_BODY =~ ^Counter:\ (-?[0-9]+)\ \(version\ ([0-9]+)\) ]]; then
        CNT_VALUE="${BASH_REMATCH[1]}"
        CNT_VERSION="${BASH_REMATCH[2]}"
        return 0
    fi
    return 1
}

# read_peers N -> PEERS_COUNT, PEERS_LINE
read_peers() {
    PEERS_COUNT=""; PEERS_LINE=""
    http_get "$(node_url "$1")/peers" || return 1
    PEERS_LINE="$HTTP_BODY"
    if [[ $HTTP_BODY =~ ^Peers\ \(([0-9]+)\) ]]; then
        PEERS_COUNT="${BASH_REMATCH[1]}"
        return 0
    fi
    return 1
}

# read_discovery_peers -> DISC_PEERS (array of addresses)
read_discovery_peers() {
    DISC_PEERS=()
    http_get "$(discovery_url)/peers" || return 1
    local rest="$HTTP_BODY" re='"addr"[[:space:]]*:[[:space:]]*"([^"]*)"'
    while [[ $rest =~ $re ]]; do
        DISC_PEERS+=("${BASH_REMATCH[1]}")
        rest="${rest#*"${BASH_REMATCH[0]}"}"
    done
    return 0
}

# do_op increment|decrement N -> OP_CODE, OP_BODY, OP_RC, OP_VALUE and
# OP_VERSION (if parsed), OP_INVOKE and OP_COMPLETE (epoch ms)
do_op() {
    local op=$1 node=$2
    OP_VALUE=""; OP_VERSION=""
    now_ms; OP_INVOKE=$NOW_MS
    http_get "$(node_url "$node")/$op"
    now_ms; OP_COMPLETE=$NOW_MS
    OP_CODE="$HTTP_CODE"; OP_BODY="$HTTP_BODY"; OP_RC="$HTTP_RC"
    if [[ $OP_BODY =~ ^Counter\ [a-z]+\ to\ (-?[0-9]+)\ \(version\ ([0-9]+)\) ]]; then
        OP_VALUE="${BASH_REMATCH[1]}"
        OP_VERSION="${BASH_REMATCH[2]}"
    fi
}

# classify_op: the outcome of the last do_op -> OP_OUTCOME and OP_HIST
#   acked / ok           200: applied and durable, counts exactly once
#   refused / fail       connection refused (not sent), a 4xx, or a 503 whose
#                        reason starts with "not counted:" (not applied)
#   indeterminate / info any other 5xx, a timeout, a reset or an empty reply:
#                        may or may not count, never twice
classify_op() {
    if [ "$OP_RC" -eq 0 ] && [ "$OP_CODE" = 200 ]; then
        OP_OUTCOME=acked; OP_HIST=ok
    elif [ "$OP_CODE" = 000 ] && [ "$OP_RC" -eq 7 ]; then
        OP_OUTCOME=refused; OP_HIST=fail
    elif [[ $OP_CODE == 4?? ]] || { [ "$OP_CODE" = 503 ] && [[ $OP_BODY == "not counted:"* ]]; }; then
        OP_OUTCOME=refused; OP_HIST=fail
    else
        OP_OUTCOME=indeterminate; OP_HIST=info
    fi
}

# op_outcome: classify_op, printed (acked, indeterminate or refused)
op_outcome() {
    classify_op
    echo "$OP_OUTCOME"
}

# snapshot the counters of all running nodes -> SNAP_NODES, SNAP_VALUES,
# SNAP_VERSIONS (parallel arrays), SNAP_OK (1 if every read worked),
# SNAP_AGREE (1 if all values and versions are equal), SNAP_MIN, SNAP_MAX,
# SNAP_INVOKE / SNAP_COMPLETE (epoch ms around each read)
snapshot() {
    running_nodes
    SNAP_NODES=(); SNAP_VALUES=(); SNAP_VERSIONS=(); SNAP_INVOKE=(); SNAP_COMPLETE=()
    SNAP_OK=1; SNAP_AGREE=1; SNAP_MIN=""; SNAP_MAX=""
    local i first_val="" first_ver="" read_ok
    for i in ${RUNNING[@]+"${RUNNING[@]}"}; do
        SNAP_NODES+=("$i")
        now_ms; SNAP_INVOKE+=("$NOW_MS")
        if read_counter "$i"; then read_ok=1; else read_ok=0; fi
        now_ms; SNAP_COMPLETE+=("$NOW_MS")
        if [ "$read_ok" -eq 1 ]; then
            SNAP_VALUES+=("$CNT_VALUE"); SNAP_VERSIONS+=("$CNT_VERSION")
            if [ -z "$first_val" ]; then first_val="$CNT_VALUE"; first_ver="$CNT_VERSION"; fi
            if [ "$CNT_VALUE" != "$first_val" ] || [ "$CNT_VERSION" != "$first_ver" ]; then SNAP_AGREE=0; fi
            if [ -z "$SNAP_MIN" ] || [ "$CNT_VALUE" -lt "$SNAP_MIN" ]; then SNAP_MIN="$CNT_VALUE"; fi
            if [ -z "$SNAP_MAX" ] || [ "$CNT_VALUE" -gt "$SNAP_MAX" ]; then SNAP_MAX="$CNT_VALUE"; fi
        else
            SNAP_VALUES+=("?"); SNAP_VERSIONS+=("?")
            SNAP_OK=0; SNAP_AGREE=0
        fi
    done
    [ "${#SNAP_NODES[@]}" -gt 0 ] || { SNAP_OK=0; SNAP_AGREE=0; }
}

# print the last snapshot, one node a line
print_snapshot() {
    local k
    for (( k = 0; k < ${#SNAP_NODES[@]}; k++ )); do
        if [ "${SNAP_VALUES[$k]}" = "?" ]; then
            printf '  Node %s: %s\n' "${SNAP_NODES[$k]}" "${RED}unreachable${NC}"
        else
            printf '  Node %s: %s (version %s)\n' "${SNAP_NODES[$k]}" "${SNAP_VALUES[$k]}" "${SNAP_VERSIONS[$k]}"
        fi
    done
}

# wait_converged TIMEOUT_MS: poll every 0.2 s until all running nodes agree.
# Sets WAIT_MS (time waited). Leaves the last snapshot in SNAP_*.
wait_converged() {
    local timeout_ms=$1 start
    now_ms; start=$NOW_MS
    while :; do
        snapshot
        now_ms; WAIT_MS=$(( NOW_MS - start ))
        [ "$SNAP_AGREE" -eq 1 ] && return 0
        [ "$WAIT_MS" -ge "$timeout_ms" ] && return 1
        sleep 0.2
    done
}

# ---------------------------------------------------------------------------
# start
# ---------------------------------------------------------------------------
ensure_jars() {
    if [ -f "$COUNTER_NODE_JAR" ] && [ -f "$DISCOVERY_JAR" ]; then return 0; fi
    [ -f "$COUNTER_NODE_JAR" ] || warn "Counter node jar not found: $COUNTER_NODE_JAR"
    [ -f "$DISCOVERY_JAR" ] || warn "Discovery server jar not found: $DISCOVERY_JAR"
    if ! command -v mvn >/dev/null 2>&1; then
        die "Maven (mvn) is not installed, so the jars cannot be built. Install Maven, or build them elsewhere and set COUNTER_NODE_JAR / DISCOVERY_JAR."
    fi
    info "Building the jars: (cd $REPO_ROOT && mvn -B -q package -DskipTests) ..."
    (cd "$REPO_ROOT" && mvn -B -q package -DskipTests) || die "The Maven build failed"
    [ -f "$COUNTER_NODE_JAR" ] || die "Still missing after the build: $COUNTER_NODE_JAR"
    [ -f "$DISCOVERY_JAR" ] || die "Still missing after the build: $DISCOVERY_JAR"
    ok "Jars built"
}

# launch LOG PIDFILE JAR ARGS... : start a JVM in the background, detached from
# the terminal's hang-up and interrupt signals; prints its PID
launch() {
    local log=$1 pid_file=$2 jar=$3; shift 3
    local -a opts=()
    read -r -a opts <<< "$JAVA_OPTS"
    {
        printf '===== %s starting: %s %s -jar %s %s =====\n' \
            "$(timestamp)" "$JAVA" "$JAVA_OPTS" "$jar" "$*"
    } >> "$log"
    (
        cd "$CLUSTER_DIR" || exit 1
        trap '' HUP INT
        exec "$JAVA" ${opts[@]+"${opts[@]}"} -jar "$jar" "$@"
    ) >> "$log" 2>&1 < /dev/null &
    local pid=$!
    # Not a job of this shell: a later SIGKILL of it (kill, simulation faults) prints no job notice.
    disown "$pid" 2>/dev/null
    echo "$pid" > "$pid_file"
    echo "$pid"
}

# health_ok URL: the process answers OK on /health
health_ok() {
    http_get "$1/health" && [[ $HTTP_BODY == OK* ]]
}

show_log_tail() {
    local log=$1 n=${2:-20}
    if [ -f "$log" ]; then
        printf '%s\n' "  --- last $n lines of $log ---"
        tail -n "$n" "$log" | sed 's/^/  | /'
        printf '%s\n' "  ---"
    fi
}

cmd_start() {
    command -v "$JAVA" >/dev/null 2>&1 || die "Java not found ('$JAVA'); install a JDK 17+ or set JAVA"
    command -v curl >/dev/null 2>&1 || die "curl not found; it is needed to talk to the nodes"
    ensure_jars
    mkdir -p "$LOG_DIR" "$DATA_DIR/wal" || die "Cannot create $LOG_DIR or $DATA_DIR"

    header "Starting distributed counter cluster ($NODE_COUNT nodes) in $CLUSTER_DIR"
    local failed=0 pid i deadline

    # -- discovery server
    remove_if_stale "$(discovery_pid_file)" "$DISCOVERY_JAR" && warn "Removed a stale discovery PID file"
    if pid="$(discovery_pid)"; then
        ok "Discovery server already running (PID $pid, port $DISCOVERY_PORT)"
    else
        if health_ok "$(discovery_url)"; then
            warn "Something already answers on port $DISCOVERY_PORT that this script did not start; the new discovery server will probably fail"
        fi
        info "Starting discovery server on $BIND_HOST:$DISCOVERY_PORT ..."
        pid="$(launch "$(discovery_log_file)" "$(discovery_pid_file)" "$DISCOVERY_JAR" \
            "--port=$DISCOVERY_PORT" "--bind=$BIND_HOST")"
        now_ms; deadline=$(( NOW_MS + START_TIMEOUT * 1000 ))
        while :; do
            if health_ok "$(discovery_url)"; then
                ok "Discovery server is up (PID $pid)"; break
            fi
            if ! proc_alive "$pid"; then
                fail "Discovery server exited during start-up"
                show_log_tail "$(discovery_log_file)"
                rm -f "$(discovery_pid_file)"
                exit 1
            fi
            now_ms
            if [ "$NOW_MS" -ge "$deadline" ]; then
                fail "Discovery server did not answer /health within ${START_TIMEOUT}s (still running as PID $pid)"
                show_log_tail "$(discovery_log_file)"
                exit 1
            fi
            sleep 0.2
        done
    fi

    # -- counter nodes: launch every node that is down, then wait for them all
    local -a started=()
    for (( i = 1; i <= NODE_COUNT; i++ )); do
        remove_if_stale "$(node_pid_file "$i")" "$COUNTER_NODE_JAR" && warn "Removed a stale PID file for node $i"
        if pid="$(node_pid "$i")"; then
            ok "Node $i already running (PID $pid)"
            continue
        fi
        launch_node "$i"
        started+=("$i")
    done

    now_ms; deadline=$(( NOW_MS + START_TIMEOUT * 1000 ))
    for i in ${started[@]+"${started[@]}"}; do
        await_node "$i" "$deadline" || failed=$(( failed + 1 ))
    done

    echo
    print_table
    echo
    if [ "$failed" -gt 0 ]; then
        fail "$failed node(s) failed to start; see the logs above and in $LOG_DIR"
        exit 1
    fi
    ok "Cluster is running. Try: $0 status | $0 increment | $0 consistency | $0 stop"
}

# launch_node N: start node N in the background with its usual flags; its PID
# file names it. Does not wait (see await_node).
launch_node() {
    local i=$1 tcp http
    tcp="$(node_tcp_port "$i")"; http="$(node_http_port "$i")"
    node_config "$i"
    mkdir -p "$DATA_DIR/wal/node-$tcp"
    info "Starting node $i: TCP localhost:$tcp, HTTP $BIND_HOST:$http, $NODE_DESC ..."
    launch "$(node_log_file "$i")" "$(node_pid_file "$i")" "$COUNTER_NODE_JAR" \
        "--addr=localhost:$tcp" "--http-port=$http" "--http-bind=$BIND_HOST" \
        "--discovery=localhost:$DISCOVERY_PORT" "--wal-dir=$DATA_DIR/wal/node-$tcp" \
        ${NODE_FLAGS[@]+"${NODE_FLAGS[@]}"} > /dev/null
}

# await_node N DEADLINE_MS: wait until the just launched node N answers
# /health. Returns 1, after saying why (with the tail of its log), when it
# exited (its PID file is removed) or did not answer before the deadline.
await_node() {
    local i=$1 deadline=$2 pid
    pid="$(read_pid_file "$(node_pid_file "$i")")" || pid=""
    while :; do
        if health_ok "$(node_url "$i")"; then
            ok "Node $i is up (PID $pid)"; return 0
        fi
        if [ -z "$pid" ] || ! proc_alive "$pid"; then
            fail "Node $i exited during start-up"
            show_log_tail "$(node_log_file "$i")"
            rm -f "$(node_pid_file "$i")"
            return 1
        fi
        now_ms
        if [ "$NOW_MS" -ge "$deadline" ]; then
            fail "Node $i did not answer /health within ${START_TIMEOUT}s (still running as PID $pid)"
            show_log_tail "$(node_log_file "$i")"
            return 1
        fi
        sleep 0.2
    done
}

print_table() {
    local i pid state fmt='%-10s %-9s %-8s %-7s %-7s %s\n'
    header "Cluster nodes"
    # shellcheck disable=SC2059
    printf "$fmt" "NODE" "STATE" "PID" "TCP" "HTTP" "CONFIG"
    if pid="$(discovery_pid)"; then state="running"; else state="stopped"; pid="-"; fi
    # shellcheck disable=SC2059
    printf "$fmt" "discovery" "$state" "$pid" "-" "$DISCOVERY_PORT" "discovery server"
    for (( i = 1; i <= NODE_COUNT; i++ )); do
        if pid="$(node_pid "$i")"; then state="running"; else state="stopped"; pid="-"; fi
        node_config "$i"
        # shellcheck disable=SC2059
        printf "$fmt" "node $i" "$state" "$pid" "$(node_tcp_port "$i")" "$(node_http_port "$i")" "$NODE_DESC"
    done
}

# ---------------------------------------------------------------------------
# stop / clean
# ---------------------------------------------------------------------------

# stop_pids NAME... with parallel arrays STOP_NAMES / STOP_PIDS / STOP_FILES:
# SIGTERM all, wait up to STOP_TIMEOUT, SIGKILL the rest, remove the PID files
stop_group() {
    local k deadline all_gone
    [ "${#STOP_PIDS[@]}" -gt 0 ] || return 0
    for (( k = 0; k < ${#STOP_PIDS[@]}; k++ )); do
        info "Stopping ${STOP_NAMES[$k]} (PID ${STOP_PIDS[$k]}) ..."
        kill -TERM "${STOP_PIDS[$k]}" 2>/dev/null || true
    done
    now_ms; deadline=$(( NOW_MS + STOP_TIMEOUT * 1000 ))
    while :; do
        all_gone=1
        for (( k = 0; k < ${#STOP_PIDS[@]}; k++ )); do
            if proc_alive "${STOP_PIDS[$k]}"; then all_gone=0; break; fi
        done
        [ "$all_gone" -eq 1 ] && break
        now_ms; [ "$NOW_MS" -ge "$deadline" ] && break
        sleep 0.1
    done
    for (( k = 0; k < ${#STOP_PIDS[@]}; k++ )); do
        if proc_alive "${STOP_PIDS[$k]}"; then
            warn "${STOP_NAMES[$k]} (PID ${STOP_PIDS[$k]}) did not exit within ${STOP_TIMEOUT}s; sending SIGKILL"
            kill -KILL "${STOP_PIDS[$k]}" 2>/dev/null || true
            local n=0
            while proc_alive "${STOP_PIDS[$k]}" && [ "$n" -lt 50 ]; do sleep 0.1; n=$(( n + 1 )); done
        else
            ok "${STOP_NAMES[$k]} stopped"
        fi
        rm -f "${STOP_FILES[$k]}"
    done
}

cmd_stop() {
    local i pid file any=0
    header "Stopping distributed counter cluster in $CLUSTER_DIR"
    STOP_NAMES=(); STOP_PIDS=(); STOP_FILES=()
    for (( i = 1; i <= NODE_COUNT; i++ )); do
        file="$(node_pid_file "$i")"
        if pid="$(node_pid "$i")"; then
            STOP_NAMES+=("Node $i"); STOP_PIDS+=("$pid"); STOP_FILES+=("$file"); any=1
        elif remove_if_stale "$file" "$COUNTER_NODE_JAR"; then
            warn "Removed the stale PID file of node $i"
        fi
    done
    stop_group
    STOP_NAMES=(); STOP_PIDS=(); STOP_FILES=()
    file="$(discovery_pid_file)"
    if pid="$(discovery_pid)"; then
        STOP_NAMES+=("Discovery server"); STOP_PIDS+=("$pid"); STOP_FILES+=("$file"); any=1
    elif remove_if_stale "$file" "$DISCOVERY_JAR"; then
        warn "Removed the stale discovery PID file"
    fi
    stop_group
    if [ "$any" -eq 0 ]; then
        ok "Nothing to stop: no cluster process is running"
    else
        ok "Cluster stopped"
    fi
}

cmd_clean() {
    cmd_stop
    local d removed=0
    for d in "$LOG_DIR" "$DATA_DIR"; do
        if [ -e "$d" ]; then
            rm -rf -- "$d" && { ok "Removed $d"; removed=1; }
        fi
    done
    [ "$removed" -eq 1 ] || ok "Nothing to remove (no $LOG_DIR or $DATA_DIR)"
}

# ---------------------------------------------------------------------------
# faults: kill / restart / partition / heal / chaos
# ---------------------------------------------------------------------------

# kill_node N: SIGKILL node N (a live process of ours, found by its PID file),
# wait up to 5 s until it is gone, remove its PID file -> KILLED_PID.
# Returns 1 when node N is not running, 2 when it survived SIGKILL.
kill_node() {
    local i=$1 file pid n=0 now
    file="$(node_pid_file "$i")"
    KILLED_PID=""
    if ! pid="$(node_pid "$i")"; then
        remove_if_stale "$file" "$COUNTER_NODE_JAR" || true
        return 1
    fi
    KILLED_PID=$pid
    kill -KILL "$pid" 2>/dev/null || true
    while proc_alive "$pid" && [ "$n" -lt 50 ]; do sleep 0.1; n=$(( n + 1 )); done
    proc_alive "$pid" && return 2
    now="$(read_pid_file "$file")" || now=""
    [ "$now" = "$pid" ] && rm -f "$file"
    return 0
}

cmd_kill() {
    [ -n "${1:-}" ] || die "Usage: $0 kill N (SIGKILL node N)"
    check_node_arg "$1"
    local i=$(( 10#$1 )) rc
    kill_node "$i"; rc=$?
    case "$rc" in
        0)  ok "Node $i (PID $KILLED_PID) killed with SIGKILL; removed $(node_pid_file "$i")"
            echo "  Bring it back with: $0 restart $i (or: $0 start)" ;;
        1)  fail "Node $i is not running; nothing to kill"; exit 1 ;;
        *)  fail "Node $i (PID $KILLED_PID) is still alive 5s after SIGKILL"; exit 1 ;;
    esac
}

# restart_node N: stop node N if it runs (SIGTERM, then SIGKILL after
# STOP_TIMEOUT), start it again with its usual flags and wait for /health
restart_node() {
    local i=$1 pid deadline
    STOP_NAMES=(); STOP_PIDS=(); STOP_FILES=()
    if pid="$(node_pid "$i")"; then
        STOP_NAMES+=("Node $i"); STOP_PIDS+=("$pid"); STOP_FILES+=("$(node_pid_file "$i")")
        stop_group
        if proc_alive "$pid"; then
            fail "Node $i (PID $pid) is still alive after SIGKILL; not starting a second one"
            return 1
        fi
    else
        remove_if_stale "$(node_pid_file "$i")" "$COUNTER_NODE_JAR" && warn "Removed a stale PID file for node $i"
        info "Node $i is not running"
    fi
    launch_node "$i"
    now_ms; deadline=$(( NOW_MS + START_TIMEOUT * 1000 ))
    await_node "$i" "$deadline"
}

cmd_restart() {
    [ -n "${1:-}" ] || die "Usage: $0 restart N (stop node N if it runs, then start it again)"
    check_node_arg "$1"
    local i=$(( 10#$1 )) pid
    command -v "$JAVA" >/dev/null 2>&1 || die "Java not found ('$JAVA'); install a JDK 17+ or set JAVA"
    command -v curl >/dev/null 2>&1 || die "curl not found; it is needed to talk to the nodes"
    ensure_jars
    mkdir -p "$LOG_DIR" "$DATA_DIR/wal" || die "Cannot create $LOG_DIR or $DATA_DIR"
    header "Restarting node $i in $CLUSTER_DIR"
    discovery_pid >/dev/null || warn "The discovery server is not running; node $i will find its peers only when they contact it (start it with: $0 start)"
    restart_node "$i" || { fail "Node $i did not come back; see $(node_log_file "$i")"; exit 1; }
    pid="$(node_pid "$i")" || pid="?"
    ok "Node $i restarted (PID $pid)"
}

# parse_groups GROUP...: "1,2" "3,4,5" -> GROUP_OF[node]=group number (1..);
# dies on a bad group, a bad node number or a node in two groups
parse_groups() {
    GROUP_OF=()
    [ "$#" -ge 2 ] || die "A partition needs at least two groups, e.g.: $0 partition 1,2 3,4,5"
    local g=0 grp n
    local -a list
    for grp in "$@"; do
        g=$(( g + 1 ))
        [[ $grp =~ ^[0-9]+(,[0-9]+)*$ ]] || die "Invalid group '$grp': expected node numbers separated by commas, e.g. 1,2"
        IFS=, read -r -a list <<< "$grp"
        for n in "${list[@]}"; do
            check_node_arg "$n"
            n=$(( 10#$n ))
            [ -z "${GROUP_OF[n]:-}" ] || die "Node $n is in more than one group"
            GROUP_OF[n]=$g
        done
    done
}

# partition_nodes: every node listed in GROUP_OF blocks the listed nodes of the
# other groups (its drop and delay stay) -> PART_FAILED (nodes not told).
# One line per node unless QUIET=1.
partition_nodes() {
    local i j json names
    local -a blocked
    PART_FAILED=0
    for (( i = 1; i <= NODE_COUNT; i++ )); do
        [ -n "${GROUP_OF[i]:-}" ] || continue
        blocked=(); names=""
        for (( j = 1; j <= NODE_COUNT; j++ )); do
            if [ -n "${GROUP_OF[j]:-}" ] && [ "${GROUP_OF[j]}" != "${GROUP_OF[i]}" ]; then
                blocked+=("\"$(node_addr "$j")\""); names+="${names:+,}$j"
            fi
        done
        if ! node_pid "$i" >/dev/null; then
            PART_FAILED=$(( PART_FAILED + 1 ))
            [ "${QUIET:-0}" = 1 ] || fail "Node $i: not running; not told to block nodes $names"
            continue
        fi
        json="{\"blocked\":[$(IFS=,; echo "${blocked[*]}")]}"
        if post_chaos "$i" "$json"; then
            [ "${QUIET:-0}" = 1 ] || ok "Node $i ($(node_addr "$i")): now blocks nodes $names"
        else
            PART_FAILED=$(( PART_FAILED + 1 ))
            [ "${QUIET:-0}" = 1 ] || fail "Node $i: could not be told to block nodes $names: $CHAOS_TEXT"
        fi
    done
}

cmd_partition() {
    parse_groups "$@"
    header "Partitioning the cluster: $*"
    partition_nodes
    if [ "$PART_FAILED" -gt 0 ]; then
        fail "$PART_FAILED node(s) could not be told; the partition is incomplete"
        exit 1
    fi
    ok "Partition in place: $*  (undo with: $0 heal)"
}

# heal_nodes: clear drop, delay and blocked peers on every running node
# -> HEAL_TOLD, HEAL_FAILED. One line per node unless QUIET=1.
heal_nodes() {
    local i
    HEAL_TOLD=0; HEAL_FAILED=0
    for (( i = 1; i <= NODE_COUNT; i++ )); do
        if ! node_pid "$i" >/dev/null; then
            [ "${QUIET:-0}" = 1 ] || printf '%s\n' "  Node $i: ${YELLOW}not running (skipped)${NC}"
            continue
        fi
        if post_chaos "$i" '{"drop":0,"delay":"0s","blocked":[]}'; then
            HEAL_TOLD=$(( HEAL_TOLD + 1 ))
            [ "${QUIET:-0}" = 1 ] || ok "Node $i: every injected fault cleared"
        else
            HEAL_FAILED=$(( HEAL_FAILED + 1 ))
            [ "${QUIET:-0}" = 1 ] || fail "Node $i: could not clear its faults: $CHAOS_TEXT"
        fi
    done
}

cmd_heal() {
    header "Healing the cluster (clearing every injected fault)"
    heal_nodes
    if [ "$HEAL_FAILED" -gt 0 ]; then
        fail "$HEAL_FAILED node(s) could not be healed"
        exit 1
    fi
    [ "$HEAL_TOLD" -gt 0 ] || die "No node is running"
    ok "Healed $HEAL_TOLD node(s)"
}

# chaos_on_nodes JSON NODE...: POST the JSON to each node -> CHAOS_FAILED.
# One line per node unless QUIET=1.
chaos_on_nodes() {
    local json=$1 i
    shift
    CHAOS_FAILED=0
    for i in "$@"; do
        if post_chaos "$i" "$json"; then
            [ "${QUIET:-0}" = 1 ] || ok "Node $i: $CHAOS_TEXT"
        else
            CHAOS_FAILED=$(( CHAOS_FAILED + 1 ))
            [ "${QUIET:-0}" = 1 ] || fail "Node $i: $CHAOS_TEXT"
        fi
    done
}

cmd_chaos() {
    local target=${1:-all} drop=${2:-} delay=${3:-} i rc=0
    local -a nodes=()
    if [ "$target" = all ]; then
        running_nodes
        [ "${#RUNNING[@]}" -gt 0 ] || die "No node is running; start the cluster with: $0 start"
        nodes=("${RUNNING[@]}")
    else
        check_node_arg "$target"
        target=$(( 10#$target ))
        node_pid "$target" >/dev/null || die "Node $target is not running"
        nodes=("$target")
    fi
    if [ -z "$drop" ]; then
        header "Injected faults"
        for i in "${nodes[@]}"; do
            if http_get "$(node_url "$i")/admin/chaos"; then
                printf '%s\n' "Node $i: $HTTP_BODY"
            else
                printf '%s\n' "Node $i: ${RED}unreachable${NC} (HTTP $HTTP_CODE${HTTP_BODY:+: $HTTP_BODY})"; rc=1
            fi
        done
        return "$rc"
    fi
    [[ $drop =~ ^(0(\.[0-9]+)?|1(\.0+)?|\.[0-9]+)$ ]] || die "drop must be a probability from 0 to 1 (got '$drop')"
    [[ $drop == .* ]] && drop="0$drop"
    local json="{\"drop\":$drop"
    [ -n "$delay" ] && json+=",\"delay\":\"$(json_escape "$delay")\""
    json+="}"
    header "Injecting faults: drop $drop${delay:+, delay $delay} on node(s) ${nodes[*]}"
    chaos_on_nodes "$json" "${nodes[@]}"
    if [ "$CHAOS_FAILED" -gt 0 ]; then
        fail "$CHAOS_FAILED node(s) could not be told"
        exit 1
    fi
}

# ---------------------------------------------------------------------------
# status / counter / peers / logs
# ---------------------------------------------------------------------------
cmd_status() {
    local i pid running=0 counter peers view
    local -a views=() leaders=()   # per running node: its leader's address, "" (none) or "?" (unknown)
    header "Cluster status ($CLUSTER_DIR)"
    if pid="$(discovery_pid)"; then
        if read_discovery_peers; then
            printf '%s\n' "Discovery: ${GREEN}running${NC}  PID $pid  port $DISCOVERY_PORT  registered peers (${#DISC_PEERS[@]}): ${DISC_PEERS[*]+${DISC_PEERS[*]}}"
        else
            printf '%s\n' "Discovery: ${GREEN}running${NC}  PID $pid  port $DISCOVERY_PORT  ${RED}unreachable${NC} (HTTP $HTTP_CODE)"
        fi
    else
        remove_if_stale "$(discovery_pid_file)" "$DISCOVERY_JAR" && warn "Removed the stale discovery PID file"
        printf '%s\n' "Discovery: ${RED}stopped${NC}  port $DISCOVERY_PORT"
    fi
    for (( i = 1; i <= NODE_COUNT; i++ )); do
        if pid="$(node_pid "$i")"; then
            running=$(( running + 1 ))
            if read_counter "$i"; then counter="counter $CNT_VALUE (version $CNT_VERSION)"
            else counter="counter ${RED}unreachable${NC}"; fi
            if read_peers "$i"; then peers="peers $PEERS_COUNT"
            else peers="peers ${RED}unreachable${NC}"; fi
            printf '%s\n' "Node $i: ${GREEN}running${NC}  PID $pid  TCP $(node_tcp_port "$i")  HTTP $(node_http_port "$i")  $counter  $peers"
            if read_cluster "$i"; then
                view="leader $(leader_desc "$CL_LEADER"), term $CL_TERM"
                [ "$CL_ELECTING" = true ] && view+=" (electing)"
                view+="; members $CL_MEMBERS: $CL_ALIVE alive, $CL_SUSPECT suspect, $CL_DEAD dead"
                views+=("$i"); leaders+=("$CL_LEADER")
            else
                view="cluster view ${YELLOW}unavailable${NC} (GET /cluster: HTTP $HTTP_CODE)"
                views+=("$i"); leaders+=("?")
            fi
            printf '%s\n' "        $view"
        else
            remove_if_stale "$(node_pid_file "$i")" "$COUNTER_NODE_JAR" && warn "Removed the stale PID file of node $i"
            printf '%s\n' "Node $i: ${RED}stopped${NC}  TCP $(node_tcp_port "$i")  HTTP $(node_http_port "$i")"
        fi
    done
    echo "$running/$NODE_COUNT nodes running"
    [ "${#views[@]}" -gt 0 ] && print_leader_agreement
    return 0
}

# print_leader_agreement: from the parallel arrays views (node numbers) and
# leaders (the leader each one sees), one line saying whether they agree
print_leader_agreement() {
    local k u found line n
    local -a uniq=() members=()
    for (( k = 0; k < ${#views[@]}; k++ )); do
        found=""
        for (( u = 0; u < ${#uniq[@]}; u++ )); do
            if [ "${uniq[$u]}" = "${leaders[$k]}" ]; then found=$u; break; fi
        done
        if [ -z "$found" ]; then uniq+=("${leaders[$k]}"); members+=("${views[$k]}")
        else members[found]+=",${views[$k]}"; fi
    done
    if [ "${#uniq[@]}" -eq 1 ] && [ -n "${uniq[0]}" ] && [ "${uniq[0]}" != "?" ]; then
        line="Leader: all ${#views[@]} running nodes agree on $(leader_desc "${uniq[0]}")"
        if n="$(addr_node "${uniq[0]}")" && ! node_pid "$n" >/dev/null; then
            line+=" ${YELLOW}(but node $n is not running: their views are out of date)${NC}"
        fi
        printf '%s\n' "$line"
        return 0
    fi
    if [ "${#uniq[@]}" -eq 1 ] && [ -z "${uniq[0]}" ]; then
        printf '%s\n' "Leader: none elected yet (an election runs two heartbeats after start)"
        return 0
    fi
    line="Leader: the running nodes ${YELLOW}do NOT agree${NC}:"
    for (( u = 0; u < ${#uniq[@]}; u++ )); do
        case "${uniq[$u]}" in
            "?") line+=" unknown for nodes ${members[$u]};" ;;
            "")  line+=" none for nodes ${members[$u]};" ;;
            *)   line+=" $(leader_desc "${uniq[$u]}") for nodes ${members[$u]};" ;;
        esac
    done
    printf '%s\n' "${line%;}"
}

# pick_node [N]: validates N or picks a random running node -> PICKED
pick_node() {
    if [ -n "${1:-}" ]; then
        check_node_arg "$1"
        PICKED="$1"
        node_pid "$PICKED" >/dev/null || warn "Node $PICKED is not running (no live process in $(node_pid_file "$PICKED")); trying anyway"
    else
        running_nodes
        [ "${#RUNNING[@]}" -gt 0 ] || die "No node is running; start the cluster with: $0 start"
        PICKED="${RUNNING[$(( RANDOM % ${#RUNNING[@]} ))]}"
    fi
}

cmd_change() {
    local op=$1 node=${2:-} verb
    pick_node "$node"
    if [ "$op" = increment ]; then verb="Incrementing"; else verb="Decrementing"; fi
    info "$verb counter on node $PICKED ($(node_url "$PICKED")) ..."
    do_op "$op" "$PICKED"
    case "$(op_outcome)" in
        acked) printf '%s\n' "Node $PICKED: $OP_BODY" ;;
        indeterminate)
            fail "Node $PICKED: HTTP $OP_CODE, outcome unknown (the operation may or may not count)${OP_BODY:+: $OP_BODY}"
            exit 1 ;;
        *)
            if [ "$OP_CODE" = 000 ]; then fail "Node $PICKED: no answer (curl exit $OP_RC); not counted"
            else fail "Node $PICKED: HTTP $OP_CODE, refused${OP_BODY:+: $OP_BODY}"; fi
            exit 1 ;;
    esac
}

cmd_counter() {
    local i nodes=() rc=0
    if [ -n "${1:-}" ]; then check_node_arg "$1"; nodes=("$1")
    else for (( i = 1; i <= NODE_COUNT; i++ )); do nodes+=("$i"); done; header "Counter values"; fi
    local min="" max="" min_ver="" max_ver="" seen=0 versions_differ=0 first_ver=""
    for i in "${nodes[@]}"; do
        if ! node_pid "$i" >/dev/null; then
            printf '%s\n' "Node $i: ${YELLOW}not running${NC}"; rc=1; continue
        fi
        if read_counter "$i"; then
            printf '%s\n' "Node $i: $HTTP_BODY"
            seen=$(( seen + 1 ))
            [ -z "$first_ver" ] && first_ver="$CNT_VERSION"
            [ "$CNT_VERSION" != "$first_ver" ] && versions_differ=1
            if [ -z "$min_ver" ] || [ "$CNT_VERSION" -lt "$min_ver" ]; then min_ver="$CNT_VERSION"; fi
            if [ -z "$max_ver" ] || [ "$CNT_VERSION" -gt "$max_ver" ]; then max_ver="$CNT_VERSION"; fi
            if [ -z "$min" ] || [ "$CNT_VALUE" -lt "$min" ]; then min="$CNT_VALUE"; fi
            if [ -z "$max" ] || [ "$CNT_VALUE" -gt "$max" ]; then max="$CNT_VALUE"; fi
        else
            printf '%s\n' "Node $i: ${RED}unreachable${NC} (HTTP $HTTP_CODE)"; rc=1
        fi
    done
    if [ "${#nodes[@]}" -gt 1 ] && [ "$seen" -gt 1 ]; then
        if [ "$min" = "$max" ] && [ "$versions_differ" -eq 0 ]; then
            ok "All $seen running nodes agree"
        else
            warn "Nodes differ (values $min..$max, versions $min_ver..$max_ver); gossip may still be propagating"
        fi
    fi
    [ "${#nodes[@]}" -eq 1 ] && return "$rc"
    return 0
}

cmd_peers() {
    local i nodes=() rc=0
    if [ -n "${1:-}" ]; then check_node_arg "$1"; nodes=("$1")
    else for (( i = 1; i <= NODE_COUNT; i++ )); do nodes+=("$i"); done; header "Peer connections"; fi
    for i in "${nodes[@]}"; do
        if ! node_pid "$i" >/dev/null; then
            printf '%s\n' "Node $i (localhost:$(node_tcp_port "$i")): ${YELLOW}not running${NC}"; rc=1; continue
        fi
        if read_peers "$i"; then
            printf '%s\n' "Node $i (localhost:$(node_tcp_port "$i")): $PEERS_LINE"
        else
            printf '%s\n' "Node $i (localhost:$(node_tcp_port "$i")): ${RED}unreachable${NC} (HTTP $HTTP_CODE)"; rc=1
        fi
    done
    if [ "${#nodes[@]}" -gt 1 ]; then
        if discovery_pid >/dev/null && read_discovery_peers; then
            printf '%s\n' "Discovery (port $DISCOVERY_PORT): registered (${#DISC_PEERS[@]}): ${DISC_PEERS[*]+${DISC_PEERS[*]}}"
        else
            printf '%s\n' "Discovery (port $DISCOVERY_PORT): ${RED}not reachable${NC}"
        fi
        return 0
    fi
    return "$rc"
}

cmd_logs() {
    local what=${1:-} files=() f
    if [ -z "$what" ]; then
        files+=("$(discovery_log_file)")
        local i
        for (( i = 1; i <= NODE_COUNT; i++ )); do files+=("$(node_log_file "$i")"); done
    elif [ "$what" = discovery ]; then
        files=("$(discovery_log_file)")
    else
        check_node_arg "$what"
        files=("$(node_log_file "$what")")
    fi
    local shown=0
    for f in "${files[@]}"; do
        if [ -f "$f" ]; then
            header "===== $f (last $LOG_TAIL_LINES lines) ====="
            tail -n "$LOG_TAIL_LINES" "$f"
            echo
            shown=1
        elif [ -n "$what" ]; then
            die "No log file $f (has it been started?)"
        fi
    done
    [ "$shown" -eq 1 ] || warn "No logs in $LOG_DIR yet; start the cluster first"
}

# ---------------------------------------------------------------------------
# consistency / check / simulation
# ---------------------------------------------------------------------------
cmd_consistency() {
    header "Checking counter consistency"
    local i
    for (( i = 1; i <= NODE_COUNT; i++ )); do
        node_pid "$i" >/dev/null || printf '%s\n' "  Node $i: ${YELLOW}not running (skipped)${NC}"
    done
    snapshot
    if [ "${#SNAP_NODES[@]}" -eq 0 ]; then
        fail "No node is running"; return 1
    fi
    print_snapshot
    if [ "$SNAP_OK" -ne 1 ]; then
        fail "Could not read the counter of every running node; consistency unknown"
        return 1
    fi
    if [ "$SNAP_AGREE" -eq 1 ]; then
        ok "All nodes are consistent: value ${SNAP_VALUES[0]} (version ${SNAP_VERSIONS[0]})"
        return 0
    fi
    local k vmin="" vmax=""
    for (( k = 0; k < ${#SNAP_VERSIONS[@]}; k++ )); do
        if [ -z "$vmin" ] || [ "${SNAP_VERSIONS[$k]}" -lt "$vmin" ]; then vmin="${SNAP_VERSIONS[$k]}"; fi
        if [ -z "$vmax" ] || [ "${SNAP_VERSIONS[$k]}" -gt "$vmax" ]; then vmax="${SNAP_VERSIONS[$k]}"; fi
    done
    fail "Nodes are NOT consistent: values range from $SNAP_MIN to $SNAP_MAX (spread $(( SNAP_MAX - SNAP_MIN ))), versions from $vmin to $vmax"
    echo "  Gossip may still be propagating; run this again in a few seconds."
    return 1
}

cmd_check() {
    header "Running a quick functionality test"
    running_nodes
    local n=${#RUNNING[@]}
    [ "$n" -gt 0 ] || die "No node is running; start the cluster with: $0 start"
    [ "$n" -ge 3 ] || warn "Only $n node(s) running; some operations will share a node"

    info "Waiting for a consistent starting point (up to ${CONVERGE_TIMEOUT_CHECK}s) ..."
    if ! wait_converged $(( CONVERGE_TIMEOUT_CHECK * 1000 )); then
        print_snapshot
        fail "FAIL: the nodes did not agree before the test started"
        return 1
    fi
    local base="${SNAP_VALUES[0]}" base_ver="${SNAP_VERSIONS[0]}"
    echo "  Starting value: $base (version $base_ver) on ${#SNAP_NODES[@]} node(s)"

    # shuffle the running nodes and take three
    local -a order=("${RUNNING[@]}")
    local k j tmp
    for (( k = ${#order[@]} - 1; k > 0; k-- )); do
        j=$(( RANDOM % (k + 1) )); tmp="${order[$k]}"; order[$k]="${order[$j]}"; order[$j]="$tmp"
    done
    local -a ops=(increment increment decrement)
    local expected=$base acked=0 indet_inc=0 indet_dec=0 node outcome
    for (( k = 0; k < 3; k++ )); do
        node="${order[$(( k % n ))]}"
        do_op "${ops[$k]}" "$node"
        outcome="$(op_outcome)"
        case "$outcome" in
            acked)
                acked=$(( acked + 1 ))
                if [ "${ops[$k]}" = increment ]; then expected=$(( expected + 1 )); else expected=$(( expected - 1 )); fi
                printf '  %-9s on node %s: %s\n' "${ops[$k]}" "$node" "$OP_BODY" ;;
            indeterminate)
                if [ "${ops[$k]}" = increment ]; then indet_inc=$(( indet_inc + 1 )); else indet_dec=$(( indet_dec + 1 )); fi
                printf '  %-9s on node %s: %s\n' "${ops[$k]}" "$node" "${YELLOW}HTTP $OP_CODE, outcome unknown${NC}" ;;
            *)
                printf '  %-9s on node %s: %s\n' "${ops[$k]}" "$node" "${RED}HTTP $OP_CODE, refused${NC} $OP_BODY" ;;
        esac
    done
    local lo=$(( expected - indet_dec )) hi=$(( expected + indet_inc ))
    if [ "$lo" -eq "$hi" ]; then
        info "Expecting every node to reach $expected; waiting up to ${CONVERGE_TIMEOUT_CHECK}s ..."
    else
        info "Expecting every node to reach a value in [$lo, $hi] ($(( indet_inc + indet_dec )) indeterminate); waiting up to ${CONVERGE_TIMEOUT_CHECK}s ..."
    fi

    local start
    now_ms; start=$NOW_MS
    while :; do
        snapshot
        now_ms
        if [ "$SNAP_AGREE" -eq 1 ] && [ "${SNAP_VALUES[0]}" -ge "$lo" ] && [ "${SNAP_VALUES[0]}" -le "$hi" ]; then
            print_snapshot
            if [ "$acked" -eq 3 ]; then
                ok "PASS: all ${#SNAP_NODES[@]} nodes converged to $expected in $(fmt_secs $(( NOW_MS - start )))s"
                return 0
            fi
            warn "Only $acked of 3 operations were acknowledged"
            fail "FAIL: the nodes agree on ${SNAP_VALUES[0]}, but not every operation succeeded"
            return 1
        fi
        [ $(( NOW_MS - start )) -ge $(( CONVERGE_TIMEOUT_CHECK * 1000 )) ] && break
        sleep 0.2
    done
    print_snapshot
    if [ "$SNAP_AGREE" -eq 1 ]; then
        fail "FAIL: the nodes agree on ${SNAP_VALUES[0]} but $expected was expected"
    else
        fail "FAIL: the nodes did not converge within ${CONVERGE_TIMEOUT_CHECK}s (expected $expected)"
    fi
    return 1
}

# ---------------------------------------------------------------------------
# simulation history (JSON Lines) and its checker
# ---------------------------------------------------------------------------
HIST_FILE=""
HIST_OPS=0; HIST_OK=0; HIST_INFO=0; HIST_FAIL=0; HIST_READS=0; HIST_FAULTS=0; HIST_FINALS=0
HIST_META_NODES=""

hist() { printf '%s\n' "$1" >> "$HIST_FILE"; }

# hist_open: create logs/history-<timestamp>.jsonl (hist_baseline writes its meta line)
hist_open() {
    mkdir -p "$LOG_DIR" || die "Cannot create $LOG_DIR"
    local stamp i durable meta="" f
    stamp="$(date '+%Y%m%d-%H%M%S')"
    HIST_FILE="$LOG_DIR/history-$stamp.jsonl"
    [ -e "$HIST_FILE" ] && HIST_FILE="$LOG_DIR/history-$stamp-$$.jsonl"
    for (( i = 1; i <= NODE_COUNT; i++ )); do
        node_config "$i"
        durable=true
        for f in ${NODE_FLAGS[@]+"${NODE_FLAGS[@]}"}; do [ "$f" = "--wal=false" ] && durable=false; done
        meta+="${meta:+,}\"$i\":{\"addr\":\"$(node_addr "$i")\",\"durable\":$durable}"
    done
    : > "$HIST_FILE" 2>/dev/null || die "Cannot write the history file $HIST_FILE"
    HIST_META_NODES="$meta"
}

# node_durable N: node N keeps a WAL
node_durable() {
    local f
    node_config "$1"
    for f in ${NODE_FLAGS[@]+"${NODE_FLAGS[@]}"}; do [ "$f" = "--wal=false" ] && return 1; done
    return 0
}

# hist_op NODE DELTA: the last do_op (after classify_op)
hist_op() {
    local line="{\"type\":\"op\",\"node\":\"$1\",\"delta\":$2,\"invoke\":$OP_INVOKE,\"complete\":$OP_COMPLETE,\"outcome\":\"$OP_HIST\""
    if [ "$OP_HIST" = ok ] && [ -n "$OP_VALUE" ]; then
        line+=",\"value\":$OP_VALUE,\"version\":$OP_VERSION"
    fi
    hist "$line}"
    HIST_OPS=$(( HIST_OPS + 1 ))
    case "$OP_HIST" in
        ok) HIST_OK=$(( HIST_OK + 1 )) ;;
        info) HIST_INFO=$(( HIST_INFO + 1 )) ;;
        *) HIST_FAIL=$(( HIST_FAIL + 1 )) ;;
    esac
}

# hist_baseline: the meta line, with the converged state the simulation starts
# from (the last snapshot) as the history's initial state: every node holds it
# from the start, and the checker counts it as acknowledged.
hist_baseline() {
    hist "{\"type\":\"meta\",\"nodes\":{$HIST_META_NODES},\"initial\":{\"value\":${SNAP_VALUES[0]},\"version\":${SNAP_VERSIONS[0]}}}"
}

# hist_reads: every successful read of the last snapshot
hist_reads() {
    local k
    for (( k = 0; k < ${#SNAP_NODES[@]}; k++ )); do
        [ "${SNAP_VALUES[$k]}" = "?" ] && continue
        hist "{\"type\":\"read\",\"node\":\"${SNAP_NODES[$k]}\",\"invoke\":${SNAP_INVOKE[$k]},\"complete\":${SNAP_COMPLETE[$k]},\"outcome\":\"ok\",\"value\":${SNAP_VALUES[$k]},\"version\":${SNAP_VERSIONS[$k]}}"
        HIST_READS=$(( HIST_READS + 1 ))
    done
}

# hist_finals: the last snapshot, as every node's final value
hist_finals() {
    local k
    for (( k = 0; k < ${#SNAP_NODES[@]}; k++ )); do
        [ "${SNAP_VALUES[$k]}" = "?" ] && continue
        hist "{\"type\":\"final\",\"node\":\"${SNAP_NODES[$k]}\",\"value\":${SNAP_VALUES[$k]},\"version\":${SNAP_VERSIONS[$k]},\"at\":${SNAP_COMPLETE[$k]}}"
        HIST_FINALS=$(( HIST_FINALS + 1 ))
    done
}

# hist_fault WHAT DETAIL
hist_fault() {
    now_ms
    hist "{\"type\":\"fault\",\"what\":\"$1\",\"detail\":\"$(json_escape "$2")\",\"at\":$NOW_MS}"
    HIST_FAULTS=$(( HIST_FAULTS + 1 ))
}

CHECKER_CLASS="dev.distcounter.checker.CheckHistoryMain"

# check_history FILE: run the history checker and print its report
# -> CHECK_VERDICT: VALID, INVALID, or "" when it gave no verdict
check_history() {
    local file=$1 out rc last
    local -a opts=() runner=()
    read -r -a opts <<< "$JAVA_OPTS"
    command -v timeout >/dev/null 2>&1 && runner=(timeout "$CHECK_TIMEOUT")
    CHECK_VERDICT=""
    info "Checking the history with $CHECKER_CLASS ..."
    out="$(${runner[@]+"${runner[@]}"} "$JAVA" ${opts[@]+"${opts[@]}"} -cp "$COUNTER_NODE_JAR" "$CHECKER_CLASS" "$file" 2>&1 < /dev/null)"
    rc=$?
    printf '%s\n' "$out" | sed 's/^/  /'
    last="$(printf '%s\n' "$out" | sed -n '/[^[:space:]]/h; ${x;p;}')"
    last="${last#"${last%%[![:space:]]*}"}"
    if [ "$rc" -eq 0 ] && [[ $last == VALID* ]]; then
        CHECK_VERDICT=VALID
        ok "History check: VALID ($file)"
    elif [ "$rc" -eq 1 ] && [[ $last == INVALID* ]]; then
        CHECK_VERDICT=INVALID
        fail "History check: INVALID ($file)"
    else
        warn "The history checker gave no verdict (exit $rc); is $CHECKER_CLASS in $COUNTER_NODE_JAR? Run it by hand: $JAVA -cp $COUNTER_NODE_JAR $CHECKER_CLASS $file"
    fi
}

# ---------------------------------------------------------------------------
# simulation faults: at most one at a time
# ---------------------------------------------------------------------------
SIM_FAULT=""; SIM_FAULT_END=0; SIM_FAULT_NODE=""; SIM_FAULT_DESC=""; SIM_LOST_POSSIBLE=0
SIM_FAULT_KINDS=()

# sim_fault_start CYCLE: start a random fault from SIM_FAULT_KINDS
sim_fault_start() {
    local cycle=$1 kind n k j tmp cut g1 g2
    kind="${SIM_FAULT_KINDS[$(( RANDOM % ${#SIM_FAULT_KINDS[@]} ))]}"
    running_nodes
    n=${#RUNNING[@]}
    case "$kind" in
        kill)
            [ "$n" -ge 2 ] || return 0
            SIM_FAULT_NODE="${RUNNING[$(( RANDOM % n ))]}"
            if ! kill_node "$SIM_FAULT_NODE"; then
                warn "fault: could not SIGKILL node $SIM_FAULT_NODE"; return 0
            fi
            node_durable "$SIM_FAULT_NODE" || SIM_LOST_POSSIBLE=1
            SIM_FAULT_DESC="node $SIM_FAULT_NODE killed"
            hist_fault kill "node $SIM_FAULT_NODE ($(node_addr "$SIM_FAULT_NODE"), PID $KILLED_PID) SIGKILL"
            warn "fault: SIGKILL node $SIM_FAULT_NODE (PID $KILLED_PID)" ;;
        partition)
            [ "$n" -ge 2 ] || return 0
            local -a order=("${RUNNING[@]}")
            for (( k = n - 1; k > 0; k-- )); do
                j=$(( RANDOM % (k + 1) )); tmp="${order[$k]}"; order[$k]="${order[$j]}"; order[$j]="$tmp"
            done
            cut=$(( 1 + RANDOM % (n - 1) ))
            g1="$(printf '%s\n' "${order[@]:0:cut}" | sort -n | paste -sd, -)"
            g2="$(printf '%s\n' "${order[@]:cut}" | sort -n | paste -sd, -)"
            parse_groups "$g1" "$g2"
            QUIET=1 partition_nodes
            SIM_FAULT_DESC="partition $g1 | $g2"
            hist_fault partition "$g1 $g2"
            if [ "$PART_FAILED" -gt 0 ]; then warn "fault: partition $g1 | $g2 ($PART_FAILED node(s) not told)"
            else warn "fault: partition $g1 | $g2"; fi ;;
        chaos)
            QUIET=1 chaos_on_nodes "{\"drop\":$CHAOS_FAULT_DROP}" "${RUNNING[@]}"
            SIM_FAULT_DESC="chaos drop $CHAOS_FAULT_DROP"
            hist_fault chaos "drop $CHAOS_FAULT_DROP on nodes $(IFS=,; echo "${RUNNING[*]}")"
            if [ "$CHAOS_FAILED" -gt 0 ]; then warn "fault: drop $CHAOS_FAULT_DROP on nodes ${RUNNING[*]} ($CHAOS_FAILED node(s) not told)"
            else warn "fault: drop $CHAOS_FAULT_DROP on nodes ${RUNNING[*]}"; fi ;;
    esac
    SIM_FAULT="$kind"
    SIM_FAULT_END=$(( cycle + 1 + RANDOM % 3 ))
}

# sim_fault_end: end the active fault (restart the killed node, or heal)
sim_fault_end() {
    local pid deadline
    case "$SIM_FAULT" in
        kill)
            if node_pid "$SIM_FAULT_NODE" >/dev/null; then
                :
            else
                launch_node "$SIM_FAULT_NODE"
                now_ms; deadline=$(( NOW_MS + START_TIMEOUT * 1000 ))
                if await_node "$SIM_FAULT_NODE" "$deadline"; then
                    pid="$(node_pid "$SIM_FAULT_NODE")" || pid="?"
                    hist_fault restart "node $SIM_FAULT_NODE ($(node_addr "$SIM_FAULT_NODE"), PID $pid)"
                else
                    warn "fault: node $SIM_FAULT_NODE did not come back; trying again at the end"
                fi
            fi ;;
        partition|chaos)
            QUIET=1 heal_nodes
            hist_fault heal "$SIM_FAULT ended: cleared every injected fault on $HEAL_TOLD node(s)"
            info "fault ended: $SIM_FAULT healed" ;;
    esac
    SIM_FAULT=""; SIM_FAULT_DESC=""
}

cmd_simulation() {
    local -a pos=()
    local faults_arg="" faults_given=0 seed=""
    while [ "$#" -gt 0 ]; do
        case "$1" in
            --faults)   [ "$#" -ge 2 ] || die "--faults needs a list, e.g. --faults kill,partition,chaos"
                        faults_arg=$2; faults_given=1; shift 2 ;;
            --faults=*) faults_arg=${1#--faults=}; faults_given=1; shift ;;
            --seed)     [ "$#" -ge 2 ] || die "--seed needs a number"
                        seed=$2; shift 2 ;;
            --seed=*)   seed=${1#--seed=}; shift ;;
            -?*)        die "Unknown simulation option '$1' (expected --faults kill,partition,chaos and --seed S)" ;;
            *)          pos+=("$1"); shift ;;
        esac
    done
    [ "${#pos[@]}" -le 3 ] || die "Too many arguments: ${pos[*]} (expected [duration] [interval] [ops_per_cycle])"
    local duration=${pos[0]:-60} interval=${pos[1]:-2} per_cycle=${pos[2]:-3}
    is_uint "$duration" && [ "$duration" -gt 0 ] || die "duration must be a positive number of seconds (got '$duration')"
    to_ms "$interval" && [ "$TO_MS" -gt 0 ] || die "interval must be a positive number of seconds (got '$interval')"
    local interval_ms=$TO_MS
    is_uint "$per_cycle" && [ "$per_cycle" -gt 0 ] || die "ops_per_cycle must be a positive integer (got '$per_cycle')"
    SIM_FAULT_KINDS=()
    if [ "$faults_given" -eq 1 ]; then
        local -a kinds=()
        local kind seen known
        IFS=, read -r -a kinds <<< "$faults_arg"
        [ "${#kinds[@]}" -gt 0 ] || die "--faults needs at least one of: kill, partition, chaos"
        for kind in "${kinds[@]}"; do
            case "$kind" in
                kill|partition|chaos) ;;
                *) die "Unknown fault '$kind' in --faults (expected kill, partition, chaos)" ;;
            esac
            seen=0
            for known in ${SIM_FAULT_KINDS[@]+"${SIM_FAULT_KINDS[@]}"}; do [ "$known" = "$kind" ] && seen=1; done
            [ "$seen" -eq 1 ] || SIM_FAULT_KINDS+=("$kind")
        done
    fi
    local with_faults=0
    [ "${#SIM_FAULT_KINDS[@]}" -gt 0 ] && with_faults=1
    if [ -n "$seed" ]; then
        is_uint "$seed" && [ "${#seed}" -le 18 ] || die "seed must be a non-negative integer (got '$seed')"
        seed=$(( 10#$seed ))
    elif [ "$with_faults" -eq 1 ]; then
        seed=$(( RANDOM * 32768 + RANDOM ))
    fi

    header "Simulation: ${duration}s, ${per_cycle} random operation(s) every ${interval}s"
    if [ "$with_faults" -eq 1 ]; then
        info "Faults: $(IFS=,; echo "${SIM_FAULT_KINDS[*]}"), at most one at a time; seed $seed (repeat with --seed $seed)"
    elif [ -n "$seed" ]; then
        info "Seed: $seed"
    fi
    [ -n "$seed" ] && RANDOM=$seed
    running_nodes
    [ "${#RUNNING[@]}" -gt 0 ] || die "No node is running; start the cluster with: $0 start"
    hist_open

    info "Waiting for a consistent baseline (up to ${BASELINE_TIMEOUT}s) ..."
    if ! wait_converged $(( BASELINE_TIMEOUT * 1000 )); then
        print_snapshot
        fail "The nodes did not agree before the simulation; cannot establish a baseline (see: $0 consistency)"
        return 1
    fi
    hist_baseline
    hist_reads
    local baseline="${SNAP_VALUES[0]}"
    echo "  Baseline: $baseline (version ${SNAP_VERSIONS[0]}) on ${#SNAP_NODES[@]} node(s)"
    local -a sim_nodes=("${SNAP_NODES[@]}")   # the nodes that take part; all must be up at the end

    local expected=$baseline ops=0 acked=0 acked_inc=0 acked_dec=0
    local indet_inc=0 indet_dec=0 refused=0 cycle=0
    local start end last_op_ms last_change_ms next k i op node spread line cur delta
    local -a last_vals=()
    for (( i = 1; i <= NODE_COUNT; i++ )); do last_vals[i]=""; done
    SIM_FAULT=""; SIM_LOST_POSSIBLE=0

    now_ms; start=$NOW_MS; end=$(( start + duration * 1000 )); last_op_ms=$start; last_change_ms=$start
    next=$start
    while :; do
        # -- the fault schedule: end the active fault when due, or maybe start one
        if [ "$with_faults" -eq 1 ]; then
            if [ -n "$SIM_FAULT" ]; then
                [ "$cycle" -ge "$SIM_FAULT_END" ] && sim_fault_end
            elif (( RANDOM % 3 == 0 )); then
                sim_fault_start "$cycle"
            fi
        fi
        cycle=$(( cycle + 1 ))

        # -- one cycle of operations
        running_nodes
        for (( k = 0; k < per_cycle; k++ )); do
            if [ "${#RUNNING[@]}" -eq 0 ]; then break; fi
            node="${RUNNING[$(( RANDOM % ${#RUNNING[@]} ))]}"
            if (( RANDOM % 2 )); then op=increment; delta=1; else op=decrement; delta=-1; fi
            do_op "$op" "$node"
            ops=$(( ops + 1 ))
            classify_op
            hist_op "$node" "$delta"
            case "$OP_OUTCOME" in
                acked)
                    acked=$(( acked + 1 ))
                    if [ "$op" = increment ]; then expected=$(( expected + 1 )); acked_inc=$(( acked_inc + 1 ))
                    else expected=$(( expected - 1 )); acked_dec=$(( acked_dec + 1 )); fi ;;
                indeterminate)
                    if [ "$op" = increment ]; then indet_inc=$(( indet_inc + 1 )); else indet_dec=$(( indet_dec + 1 )); fi
                    warn "$op on node $node: HTTP $OP_CODE (curl exit $OP_RC), outcome unknown" ;;
                *)
                    refused=$(( refused + 1 ))
                    warn "$op on node $node: HTTP $OP_CODE (curl exit $OP_RC), not counted" ;;
            esac
        done
        now_ms; last_op_ms=$NOW_MS

        # -- wait for the next cycle; after the last one go straight to the
        #    convergence check, so its timing starts at the last operation
        next=$(( next + interval_ms ))
        [ "$next" -ge "$end" ] && break
        while now_ms; [ "$NOW_MS" -lt "$next" ]; do
            local rem=$(( next - NOW_MS ))
            [ "$rem" -gt 200 ] && rem=200
            sleep "$(( rem / 1000 )).$(printf '%03d' $(( rem % 1000 )))"
        done

        # -- progress line
        snapshot
        hist_reads
        now_ms
        line=""
        k=0
        for (( i = 1; i <= NODE_COUNT; i++ )); do
            if [ "$k" -ge "${#SNAP_NODES[@]}" ] || [ "${SNAP_NODES[$k]}" != "$i" ]; then
                line+="n$i=down "
                continue
            fi
            line+="n$i=${SNAP_VALUES[$k]} "
            # a change is a new value or version (an increment and a decrement
            # between two readings leave the value but not the version)
            cur="${SNAP_VALUES[$k]}/${SNAP_VERSIONS[$k]}"
            if [ "$cur" != "${last_vals[i]}" ]; then last_change_ms=$NOW_MS; last_vals[i]="$cur"; fi
            k=$(( k + 1 ))
        done
        if [ -n "$SNAP_MIN" ]; then spread=$(( SNAP_MAX - SNAP_MIN )); else spread="?"; fi
        printf '[%6ss] ops %d (acked %d, indeterminate %d) expected %d | %s| spread %s | last change %ss ago%s\n' \
            "$(fmt_secs $(( NOW_MS - start )))" "$ops" "$acked" $(( indet_inc + indet_dec )) "$expected" \
            "$line" "$spread" "$(fmt_secs $(( NOW_MS - last_change_ms )))" \
            "$( [ "$with_faults" -eq 1 ] && echo " | fault: ${SIM_FAULT_DESC:-none}")"
    done

    echo
    info "Operations stopped: $ops sent, $acked acknowledged (+$acked_inc / -$acked_dec), $(( indet_inc + indet_dec )) indeterminate (+$indet_inc / -$indet_dec), $refused not counted"
    local lo=$(( expected - indet_dec )) hi=$(( expected + indet_inc ))
    local verdict=0 converged=1 after value
    if [ "$with_faults" -eq 1 ]; then
        sim_end_faults "${sim_nodes[@]}" || converged=0
        after="$(fmt_secs "$WAIT_MS")"
        print_snapshot
        if [ "$converged" -eq 1 ]; then
            value="${SNAP_VALUES[0]}"
            if [ "$value" -ge "$lo" ] && [ "$value" -le "$hi" ]; then
                ok "All ${#SNAP_NODES[@]} nodes converged to the expected value $value in ${after}s after healing (acknowledged ops give $expected; $(( indet_inc + indet_dec )) indeterminate ops allow [$lo, $hi])"
            elif [ "$SIM_LOST_POSSIBLE" -eq 1 ]; then
                warn "All ${#SNAP_NODES[@]} nodes converged to $value, outside [$lo, $hi]: a node without a WAL was killed, so acknowledged operations it had not gossiped yet may be lost; the history check decides"
            else
                fail "All nodes converged to $value but expected $expected, or a value in [$lo, $hi] given the indeterminate operations"
                verdict=1
            fi
        fi
    else
        local conv_timeout=$(( 3 * SLOWEST_SYNC ))
        [ "$conv_timeout" -lt 30 ] && conv_timeout=30
        if [ "$lo" -eq "$hi" ]; then
            info "Expected value: $expected (baseline $baseline + $acked_inc - $acked_dec). Waiting up to ${conv_timeout}s for convergence ..."
        else
            info "Expected value: $expected, or anything in [$lo, $hi] given the indeterminate operations. Waiting up to ${conv_timeout}s for convergence ..."
        fi
        while :; do
            snapshot
            now_ms
            if [ "$SNAP_AGREE" -eq 1 ]; then break; fi
            [ $(( NOW_MS - last_op_ms )) -ge $(( conv_timeout * 1000 )) ] && break
            sleep 0.2
        done
        after="$(fmt_secs $(( NOW_MS - last_op_ms )))"
        print_snapshot
        if [ "$SNAP_AGREE" -ne 1 ]; then
            converged=0
            if [ -n "$SNAP_MIN" ]; then
                fail "NOT converged ${conv_timeout}s after the last operation: values $SNAP_MIN..$SNAP_MAX (spread $(( SNAP_MAX - SNAP_MIN ))), expected $expected"
            else
                fail "NOT converged ${conv_timeout}s after the last operation: no node could be read (expected $expected)"
            fi
        else
            value="${SNAP_VALUES[0]}"
            if [ "$value" -ge "$lo" ] && [ "$value" -le "$hi" ]; then
                if [ "$lo" -eq "$hi" ]; then
                    ok "All ${#SNAP_NODES[@]} nodes converged to the expected value $value in ${after}s after the last operation (version ${SNAP_VERSIONS[0]})"
                else
                    ok "All ${#SNAP_NODES[@]} nodes converged to the expected value $value in ${after}s after the last operation (acknowledged ops give $expected; $(( indet_inc + indet_dec )) indeterminate ops allow [$lo, $hi])"
                fi
            else
                verdict=1
                if [ "$lo" -eq "$hi" ]; then
                    fail "All nodes converged to $value but expected $expected (difference $(( value - expected )); baseline $baseline, +$acked_inc -$acked_dec acknowledged)"
                else
                    fail "All nodes converged to $value but expected $expected, or a value in [$lo, $hi] given the indeterminate operations"
                fi
            fi
        fi
    fi

    # -- the history: finals, then the checker
    hist_finals
    echo
    info "History: $HIST_FILE ($HIST_OPS ops: $HIST_OK ok, $HIST_INFO info, $HIST_FAIL fail; $HIST_READS reads; $HIST_FAULTS faults; $HIST_FINALS finals; starting from $baseline)"
    check_history "$HIST_FILE"
    [ "$converged" -eq 1 ] || verdict=1
    case "$CHECK_VERDICT" in
        VALID) ;;
        INVALID) verdict=1 ;;
        *) [ "$with_faults" -eq 1 ] && { fail "Without the history check a simulation with faults has no verdict"; verdict=1; } ;;
    esac
    return "$verdict"
}

# sim_end_faults NODE...: end the active fault, heal every node, restart any of
# the given nodes that is down, then wait (up to FAULT_CONVERGE_TIMEOUT) until
# all of them run and agree. Leaves the last snapshot in SNAP_* and the time
# waited in WAIT_MS.
sim_end_faults() {
    local i pid deadline start missing
    info "Ending the fault schedule: healing every node and restarting any node that is down ..."
    [ -n "$SIM_FAULT" ] && sim_fault_end
    QUIET=1 heal_nodes
    hist_fault heal "final heal: cleared every injected fault on $HEAL_TOLD node(s)"
    [ "$HEAL_FAILED" -gt 0 ] && warn "$HEAL_FAILED node(s) could not be healed"
    for i in "$@"; do
        node_pid "$i" >/dev/null && continue
        launch_node "$i"
        now_ms; deadline=$(( NOW_MS + START_TIMEOUT * 1000 ))
        if await_node "$i" "$deadline"; then
            pid="$(node_pid "$i")" || pid="?"
            hist_fault restart "node $i ($(node_addr "$i"), PID $pid)"
        fi
    done
    info "Waiting up to ${FAULT_CONVERGE_TIMEOUT}s for every node to converge ..."
    now_ms; start=$NOW_MS
    while :; do
        snapshot
        now_ms; WAIT_MS=$(( NOW_MS - start ))
        missing=""
        for i in "$@"; do node_pid "$i" >/dev/null || missing+=" $i"; done
        [ "$SNAP_AGREE" -eq 1 ] && [ -z "$missing" ] && return 0
        [ "$WAIT_MS" -ge $(( FAULT_CONVERGE_TIMEOUT * 1000 )) ] && break
        sleep 0.2
    done
    if [ -n "$missing" ]; then
        fail "NOT converged: node(s)$missing could not be restarted"
    elif [ -n "$SNAP_MIN" ]; then
        fail "NOT converged ${FAULT_CONVERGE_TIMEOUT}s after healing: values $SNAP_MIN..$SNAP_MAX (spread $(( SNAP_MAX - SNAP_MIN )))"
    else
        fail "NOT converged ${FAULT_CONVERGE_TIMEOUT}s after healing: no node could be read"
    fi
    return 1
}

# ---------------------------------------------------------------------------
# bench
# ---------------------------------------------------------------------------

# cmd_bench [ARGS...]: the quick benchmark suite, with this script's jars, java and JVM flags
# (it starts its own servers and cluster on other ports; see bench/README.md)
cmd_bench() {
    COUNTER_NODE_JAR="$COUNTER_NODE_JAR" DISCOVERY_JAR="$DISCOVERY_JAR" JAVA="$JAVA" JAVA_OPTS="$JAVA_OPTS" \
        bash "$REPO_ROOT/bench/run-bench.sh" --quick "$@"
}

# ---------------------------------------------------------------------------
# help
# ---------------------------------------------------------------------------
cmd_help() {
    local me
    me="$(basename "$0")"
    cat <<EOF
${BOLD}Distributed counter cluster management${NC}

Usage: ./$me <command> [arguments]

Commands:
  start                      Start the discovery server and every node that is down
                             (builds the jars with Maven first if they are missing)
  stop                       Stop all nodes, then the discovery server (SIGTERM, then
                             SIGKILL after ${STOP_TIMEOUT}s)
  status                     Show each node's state, PID, ports, counter and peers, the
                             leader and term it sees and its members (alive/suspect/dead),
                             whether the running nodes agree on one leader, and the
                             discovery server's registered peers
  increment|inc [N]          Increment the counter on node N (default: a random running node)
  decrement|dec [N]          Decrement the counter on node N (default: a random running node)
  counter|cnt [N]            Show the counter of node N, or of all nodes
  peers|p [N]                Show the peers of node N, or of all nodes and the discovery server
  logs [N|discovery]         Show the last $LOG_TAIL_LINES lines of a node's log, the discovery
                             server's log, or of all logs
  consistency                Check whether all running nodes agree on value and version
  check                      Quick functionality test: 2 increments and 1 decrement on
                             different nodes, then wait (up to ${CONVERGE_TIMEOUT_CHECK}s) for convergence
  simulation|sim [duration] [interval] [ops_per_cycle] [--faults LIST] [--seed S]
                             Random increments/decrements on random nodes for <duration>
                             seconds (default 60), <ops_per_cycle> operations (default 3)
                             every <interval> seconds (default 2), then verify that every
                             node converges to the expected value. Records every operation,
                             read and fault in logs/history-<time>.jsonl and checks it with
                             the history checker (exit 1 if INVALID).
                             --faults kill,partition,chaos: at every interval, 1 in 3, start
                             one fault (if none is active) for 1-3 intervals: kill = SIGKILL
                             a random node, restarted when the fault ends; partition = two
                             random groups; chaos = ${CHAOS_FAULT_DROP} drop on every node. At the end:
                             heal, restart any node that is down, wait up to ${FAULT_CONVERGE_TIMEOUT}s for
                             convergence. --seed S repeats a schedule (default: random, printed)
  partition GROUP GROUP...   Cut the network between groups of nodes (e.g. 1,2 3,4,5): every
                             listed node drops its frames to the listed nodes of the other
                             groups (drop/delay stay; unlisted nodes are untouched)
  heal                       Clear every injected fault (blocked peers, drop, delay) on every
                             running node
  kill N                     SIGKILL node N (a crash, no clean shutdown); removes its PID file
  restart N                  Stop node N if it runs (SIGTERM, SIGKILL after ${STOP_TIMEOUT}s), start it
                             again with its usual flags and wait for /health
  chaos [N|all] [DROP [DELAY]]
                             Show the faults injected on node N or every running node, or set
                             their drop probability (0-1) and delay (e.g. 10ms-50ms)
  clean                      Stop the cluster and delete its logs/ and data/ directories
  bench                      Quick benchmark suite (bench/run-bench.sh --quick, about 2 minutes; needs
                             wrk): the node against a bare JDK HttpServer, convergence, memory
  help                       Show this help

Cluster layout:
  Discovery server   port $DISCOVERY_PORT
  Node i (1..$NODE_COUNT)      TCP port $BASE_TCP_PORT+i-1, HTTP port $BASE_HTTP_PORT+i-1, WAL in data/wal/node-<TCP port>
  Node 1             default configuration
  Node 2             more aggressive sync: --sync=1s --max-peers=3
  Node 3             no WAL: --wal=false
  Node 4             WAL without fsync: --wal-fsync=false
  Node 5             slower sync: --sync=5s
  Nodes 6 and up     default configuration
  The HTTP APIs and the discovery server listen on $BIND_HOST only.
  Logs: logs/discovery.log, logs/node-<i>.log (appended on every start)
  PID files: logs/discovery.pid, logs/node-<i>.pid
  Simulation histories: logs/history-<time>.jsonl
  Faults act on a node's outbound frames (heartbeats included) and are lost when it restarts.

Environment overrides (current value):
  DISCOVERY_PORT    discovery server port ($DISCOVERY_PORT)
  BASE_TCP_PORT     TCP port of node 1 ($BASE_TCP_PORT)
  BASE_HTTP_PORT    HTTP port of node 1 ($BASE_HTTP_PORT)
  NODE_COUNT        number of nodes ($NODE_COUNT)
  COUNTER_NODE_JAR  counter node jar ($COUNTER_NODE_JAR)
  DISCOVERY_JAR     discovery server jar ($DISCOVERY_JAR)
  JAVA              java executable ($JAVA)
  JAVA_OPTS         JVM flags every process runs with ($JAVA_OPTS)
  CLUSTER_DIR       where logs/ and data/ live ($CLUSTER_DIR)

Examples:
EOF
    local ex='  %-40s # %s\n'
    # shellcheck disable=SC2016,SC2059
    {
        printf "$ex" "./$me start" "Start a 5-node cluster"
        printf "$ex" "./$me status" "Check the status of the cluster"
        printf "$ex" "./$me increment" "Increment on a random node"
        printf "$ex" "./$me dec 2" "Decrement on node 2"
        printf "$ex" "./$me counter" "Get counter values from all nodes"
        printf "$ex" "./$me consistency" "Check if counter values are consistent"
        printf "$ex" "./$me simulation 120 3 5" "2-minute simulation, check every 3s, 5 ops per cycle"
        printf "$ex" 'kill $(cat logs/node-2.pid)' "Simulate a node failure ..."
        printf "$ex" "./$me start" "... and restart the failed node"
        printf "$ex" "./$me kill 2" "SIGKILL node 2 ..."
        printf "$ex" "./$me restart 2" "... and bring it back"
        printf "$ex" "./$me partition 1,2 3,4,5" "Split the cluster in two (two leaders)"
        printf "$ex" "./$me heal" "Join it again"
        printf "$ex" "./$me chaos all 0.3 10ms-50ms" "Drop 30% of frames, delay the rest"
        printf "$ex" "./$me logs 2" "See what node 2 logged"
        printf "$ex" "./$me stop" "Stop the cluster"
        echo
        echo "  # A 60-second simulation with crashes, partitions and frame loss, repeatable by its seed:"
        echo "  ./$me simulation 60 2 3 --faults kill,partition,chaos --seed 42"
        echo
        echo "  # A second cluster next to the first one, with its own ports and directory:"
        echo "  CLUSTER_DIR=/tmp/c2 DISCOVERY_PORT=18000 BASE_TCP_PORT=19000 BASE_HTTP_PORT=18010 ./$me start"
    }
}

# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------
main() {
    validate_config
    local cmd=${1:-help}
    [ "$#" -gt 0 ] && shift
    case "$cmd" in
        start)              cmd_start ;;
        stop)               cmd_stop ;;
        status)             cmd_status ;;
        increment|inc)      cmd_change increment "${1:-}" ;;
        decrement|dec)      cmd_change decrement "${1:-}" ;;
        counter|cnt)        cmd_counter "${1:-}" ;;
        peers|p)            cmd_peers "${1:-}" ;;
        logs)               cmd_logs "${1:-}" ;;
        consistency)        cmd_consistency ;;
        check)              cmd_check ;;
        simulation|sim)     cmd_simulation "$@" ;;
        partition)          cmd_partition "$@" ;;
        heal)               cmd_heal ;;
        kill)               cmd_kill "${1:-}" ;;
        restart)            cmd_restart "${1:-}" ;;
        chaos)              cmd_chaos "$@" ;;
        clean)              cmd_clean ;;
        bench)              cmd_bench "$@" ;;
        help|-h|--help)     cmd_help ;;
        *)
            fail "Unknown command: $cmd" >&2
            echo >&2
            cmd_help >&2
            exit 1 ;;
    esac
}

main "$@"
