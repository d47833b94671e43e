#!/usr/bin/env bash
#
# run-cluster.sh - manage a local distributed-counter cluster: one discovery
# server and NODE_COUNT (default 5) counter nodes, all on the loopback
# interface.
#
# Needs only bash, curl and a JDK. Processes are tracked by PID files under
# logs/ and only processes this script started (checked by their command line)
# are ever signalled. Run "./run-cluster.sh help" for the commands.
#
# The script owns the processes (PID files, launching, stopping, killing, building
# missing jars); everything that talks to the nodes is the operator's tool,
# cluster-tool.jar, which calls the script back for processes through the hidden
# commands _running, _kill N, _launch N, _pause N and _resume N (docs/operations.md,
# "The operator's tool").

set -u

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$SCRIPT_DIR"
SCRIPT_PATH="$SCRIPT_DIR/$(basename "${BASH_SOURCE[0]}")"

# --- Configuration (every value can be overridden from the environment) ---
DISCOVERY_PORT="${DISCOVERY_PORT:-8000}"
BASE_TCP_PORT="${BASE_TCP_PORT:-9000}"
BASE_HTTP_PORT="${BASE_HTTP_PORT:-8010}"
NODE_COUNT="${NODE_COUNT:-5}"
COUNTER_NODE_JAR="${COUNTER_NODE_JAR:-$REPO_ROOT/counter-node/target/counter-node.jar}"
DISCOVERY_JAR="${DISCOVERY_JAR:-$REPO_ROOT/discovery-server/target/discovery-server.jar}"
CLUSTER_TOOL_JAR="${CLUSTER_TOOL_JAR:-$REPO_ROOT/cluster-tool/target/cluster-tool.jar}"
JAVA="${JAVA:-java}"
# JAVA_OPTS, TOOL_JAVA_OPTS and MALLOC_ARENA_MAX, shared with bench/run-bench.sh
# shellcheck source=conf/jvm-options.sh
. "$REPO_ROOT/conf/jvm-options.sh"
CLUSTER_DIR="${CLUSTER_DIR:-$SCRIPT_DIR}"

LOG_DIR="$CLUSTER_DIR/logs"
DATA_DIR="$CLUSTER_DIR/data"
# The cluster key: start generates it once; every process gets it (docs/operations.md, "The cluster key")
CLUSTER_KEY_FILE="${CLUSTER_KEY_FILE:-$DATA_DIR/cluster.key}"
ADMIN_TOKEN_FILE="$DATA_DIR/admin.token"   # made once by the tool (mode 600); clean removes it
BIND_HOST="127.0.0.1"          # HTTP APIs and discovery listen on loopback only
CURL_TIMEOUT=3                 # seconds, for every /health request
START_TIMEOUT=30               # seconds to wait for a started process to answer /health
STOP_TIMEOUT=10                # seconds to wait for a process to exit after SIGTERM
LOG_TAIL_LINES=50

# --- Output helpers: colours only when stdout is a terminal ---
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

timestamp() { date '+%Y-%m-%d %H:%M:%S'; }

# --- Cluster layout ---
node_tcp_port()  { echo $(( BASE_TCP_PORT + $1 - 1 )); }
node_http_port() { echo $(( BASE_HTTP_PORT + $1 - 1 )); }
node_url()       { echo "http://$BIND_HOST:$(( BASE_HTTP_PORT + $1 - 1 ))"; }
discovery_url()  { echo "http://$BIND_HOST:$DISCOVERY_PORT"; }
node_pid_file()  { echo "$LOG_DIR/node-$1.pid"; }
node_log_file()  { echo "$LOG_DIR/node-$1.log"; }
discovery_pid_file() { echo "$LOG_DIR/discovery.pid"; }
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

# node_has_wal N: node N keeps a write-ahead log (its acknowledged writes survive a crash)
# (in a subshell, so a caller's NODE_FLAGS and NODE_DESC stay as they were)
node_has_wal() (
    local f
    node_config "$1"
    for f in ${NODE_FLAGS[@]+"${NODE_FLAGS[@]}"}; do [ "$f" = "--wal=false" ] && return 1; done
    return 0
)

# check_node_arg N: N must be a node number of this cluster
check_node_arg() {
    if ! is_uint "$1" || [ "$1" -lt 1 ] || [ "$1" -gt "$NODE_COUNT" ]; then
        die "Invalid node number '$1': expected 1..$NODE_COUNT"
    fi
}

# --- Process tracking (PID files, never by name) ---

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

# health_ok URL: the process answers OK on /health
health_ok() {
    local body
    body="$(curl -s -f --max-time "$CURL_TIMEOUT" "$1/health" 2>/dev/null)" && [[ $body == OK* ]]
}

# --- start ---

# ensure_jars LABEL JAR [LABEL JAR ...]: build the jars with Maven if one is missing,
# showing one line per module as Maven reaches it (the first build takes about a minute)
ensure_jars() {
    local -a missing=()
    while [ "$#" -ge 2 ]; do
        [ -f "$2" ] || missing+=("$1")
        shift 2
    done
    [ "${#missing[@]}" -gt 0 ] || return 0
    if ! command -v mvn >/dev/null 2>&1; then
        die "Maven (mvn) is not installed, so the jars cannot be built. Install Maven, or build them elsewhere and set COUNTER_NODE_JAR / DISCOVERY_JAR / CLUSTER_TOOL_JAR."
    fi
    local list
    list="$(printf '%s, ' "${missing[@]}")"
    info "Building the jars (not built yet: ${list%, }; the first build takes about a minute):"
    info "  (cd $REPO_ROOT && mvn -B package -DskipTests)"
    # Maven's "Building <module> ... [i/n]" lines as progress; everything else only if the build fails.
    local build_log="${TMPDIR:-/tmp}/run-cluster-build.$$.log"
    if ! (cd "$REPO_ROOT" && set -o pipefail && mvn -B package -DskipTests 2>&1 | tee "$build_log" \
            | sed -u -n -E 's/^\[INFO\] Building ([^ ]+) [^ ]+ +\[([0-9]+\/[0-9]+)\]$/  [\2] \1/p'); then
        grep -E '^\[ERROR\]' "$build_log" | head -n 40 >&2
        rm -f "$build_log"
        die "The Maven build failed"
    fi
    rm -f "$build_log"
    ok "Jars built"
}

# launch LOG PIDFILE JAR ARGS... : start a JVM in the background, detached from
# the terminal's hang-up and interrupt signals; its PID goes to PIDFILE
launch() {
    local log=$1 pid_file=$2 jar=$3; shift 3
    local -a opts=()
    read -r -a opts <<< "$JAVA_OPTS"
    printf '===== %s starting: %s %s -jar %s %s =====\n' "$(timestamp)" "$JAVA" "$JAVA_OPTS" "$jar" "$*" >> "$log"
    (
        cd "$CLUSTER_DIR" || exit 1
        trap '' HUP INT
        exec "$JAVA" ${opts[@]+"${opts[@]}"} -jar "$jar" "$@"
    ) >> "$log" 2>&1 < /dev/null &
    local pid=$!
    # Not a job of this shell: a later SIGKILL of it (kill, simulation faults) prints no job notice.
    disown "$pid" 2>/dev/null
    echo "$pid" > "$pid_file"
}

show_log_tail() {
    local log=$1 n=${2:-20}
    if [ -f "$log" ]; then
        printf '%s\n' "  --- last $n lines of $log ---"
        tail -n "$n" "$log" | sed 's/^/  | /'
        printf '%s\n' "  ---"
    fi
}

# need_java_and_curl: both are needed to start processes and wait for them
need_java_and_curl() {
    command -v "$JAVA" >/dev/null 2>&1 || die "Java not found ('$JAVA'); install a JDK 17+ or set JAVA"
    command -v curl >/dev/null 2>&1 || die "curl not found; it is needed to talk to the nodes"
}

cmd_start() {
    need_java_and_curl
    ensure_jars "Counter node jar" "$COUNTER_NODE_JAR" "Discovery server jar" "$DISCOVERY_JAR" \
        "Cluster tool jar" "$CLUSTER_TOOL_JAR"
    mkdir -p "$LOG_DIR" "$DATA_DIR/wal" || die "Cannot create $LOG_DIR or $DATA_DIR"

    header "Starting distributed counter cluster ($NODE_COUNT nodes) in $CLUSTER_DIR"
    ensure_cluster_key
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
        key_flag
        launch "$(discovery_log_file)" "$(discovery_pid_file)" "$DISCOVERY_JAR" \
            "--port=$DISCOVERY_PORT" "--bind=$BIND_HOST" ${KEY_FLAG[@]+"${KEY_FLAG[@]}"}
        await_up "Discovery server" "$(discovery_url)" "$(discovery_pid_file)" "$(discovery_log_file)" \
            $(( SECONDS + START_TIMEOUT )) || exit 1
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

    deadline=$(( SECONDS + START_TIMEOUT ))
    for i in ${started[@]+"${started[@]}"}; do
        await_node "$i" "$deadline" || failed=$(( failed + 1 ))
    done
    # Up is not formed: a write right after start must reach every node, so wait until each lists the others.
    local formed=1
    [ "$failed" -gt 0 ] || run_tool await-formation "--timeout=$START_TIMEOUT" || formed=0

    echo
    print_table
    echo
    if [ "$failed" -gt 0 ]; then
        fail "$failed node(s) failed to start; see the logs above and in $LOG_DIR"
        exit 1
    fi
    [ "$formed" -eq 1 ] || exit 1
    ok "Cluster is running. Try: $0 status | $0 increment | $0 consistency | $0 stop"
}

# ensure_cluster_key: generate the cluster's key once (by the tool, in Java: openssl may be
# missing), readable by its owner only; clean deletes it with data/
ensure_cluster_key() {
    local i
    if [ ! -f "$CLUSTER_KEY_FILE" ]; then
        # A cluster already running without a key keeps going without one: a keyed newcomer
        # could not talk to it.
        if discovery_pid >/dev/null; then
            warn "The cluster runs without a key; stop it and start again to give it one"
            key_flag; return 0
        fi
        for (( i = 1; i <= NODE_COUNT; i++ )); do
            if node_pid "$i" >/dev/null; then
                warn "The cluster runs without a key; stop it and start again to give it one"
                key_flag; return 0
            fi
        done
        run_tool keys generate "$CLUSTER_KEY_FILE" || die "Could not generate the cluster key $CLUSTER_KEY_FILE"
    fi
    key_flag
}

# key_flag: KEY_FLAG holds --cluster-key-file=... when the key file exists (a cluster started
# before keys existed has none, and goes on without)
key_flag() {
    KEY_FLAG=()
    [ -f "$CLUSTER_KEY_FILE" ] && KEY_FLAG=("--cluster-key-file=$CLUSTER_KEY_FILE")
    return 0
}

# launch_node N: start node N in the background with its usual flags; its PID
# file names it. Does not wait (see await_node).
launch_node() {
    local i=$1 tcp http
    tcp="$(node_tcp_port "$i")"; http="$(node_http_port "$i")"
    # Admin endpoints need the cluster's token; a file keeps it out of ps.
    [ -s "$ADMIN_TOKEN_FILE" ] || run_tool admin-token || die "Cannot create the admin token $ADMIN_TOKEN_FILE"
    key_flag
    node_config "$i"
    mkdir -p "$DATA_DIR/wal/node-$tcp"
    info "Starting node $i: TCP localhost:$tcp, HTTP $BIND_HOST:$http, $NODE_DESC ..."
    launch "$(node_log_file "$i")" "$(node_pid_file "$i")" "$COUNTER_NODE_JAR" \
        "--addr=localhost:$tcp" "--http-port=$http" "--http-bind=$BIND_HOST" \
        "--admin-token-file=$ADMIN_TOKEN_FILE" \
        "--discovery=localhost:$DISCOVERY_PORT" "--wal-dir=$DATA_DIR/wal/node-$tcp" \
        ${KEY_FLAG[@]+"${KEY_FLAG[@]}"} ${NODE_FLAGS[@]+"${NODE_FLAGS[@]}"}
}

# await_up NAME URL PIDFILE LOG DEADLINE: wait until the process just
# launched answers /health. Returns 1, after saying why (with the tail of its
# log), when it exited (its PID file is removed) or did not answer in time.
await_up() {
    local name=$1 url=$2 pid_file=$3 log=$4 deadline=$5 pid
    pid="$(read_pid_file "$pid_file")" || pid=""
    while :; do
        if health_ok "$url"; then
            ok "$name is up (PID $pid)"; return 0
        fi
        if [ -z "$pid" ] || ! proc_alive "$pid"; then
            fail "$name exited during start-up"
            show_log_tail "$log"
            rm -f "$pid_file"
            return 1
        fi
        if [ "$SECONDS" -gt "$deadline" ]; then
            fail "$name did not answer /health within ${START_TIMEOUT}s (still running as PID $pid)"
            show_log_tail "$log"
            return 1
        fi
        sleep 0.2
    done
}

# await_node N DEADLINE: await_up for node N (DEADLINE in bash's $SECONDS)
await_node() {
    await_up "Node $1" "$(node_url "$1")" "$(node_pid_file "$1")" "$(node_log_file "$1")" "$2"
}

# shellcheck disable=SC2059
print_table() {
    local i pid state fmt='%-10s %-9s %-8s %-7s %-7s %s\n'
    header "Cluster nodes"
    printf "$fmt" "NODE" "STATE" "PID" "TCP" "HTTP" "CONFIG"
    if pid="$(discovery_pid)"; then state="running"; else state="stopped"; pid="-"; fi
    printf "$fmt" "discovery" "$state" "$pid" "-" "$DISCOVERY_PORT" "discovery server"
    for (( i = 1; i <= NODE_COUNT; i++ )); do
        if pid="$(node_pid "$i")"; then state="running"; else state="stopped"; pid="-"; fi
        node_config "$i"
        printf "$fmt" "node $i" "$state" "$pid" "$(node_tcp_port "$i")" "$(node_http_port "$i")" "$NODE_DESC"
    done
}

# --- stop / clean ---

# stop_group with parallel arrays STOP_NAMES / STOP_PIDS / STOP_FILES:
# SIGTERM all, wait up to STOP_TIMEOUT, SIGKILL the rest, remove the PID files
stop_group() {
    local k deadline all_gone
    [ "${#STOP_PIDS[@]}" -gt 0 ] || return 0
    for (( k = 0; k < ${#STOP_PIDS[@]}; k++ )); do
        info "Stopping ${STOP_NAMES[$k]} (PID ${STOP_PIDS[$k]}) ..."
        # A stopped process (a simulation's pause) gets the SIGTERM only once it continues.
        kill -CONT "${STOP_PIDS[$k]}" 2>/dev/null || true
        kill -TERM "${STOP_PIDS[$k]}" 2>/dev/null || true
    done
    deadline=$(( SECONDS + STOP_TIMEOUT ))
    while :; do
        all_gone=1
        for (( k = 0; k < ${#STOP_PIDS[@]}; k++ )); do
            if proc_alive "${STOP_PIDS[$k]}"; then all_gone=0; break; fi
        done
        [ "$all_gone" -eq 1 ] && break
        [ "$SECONDS" -gt "$deadline" ] && break
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

# --- kill / restart ---

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
    local i=$1 pid
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
    await_node "$i" $(( SECONDS + START_TIMEOUT ))
}

cmd_restart() {
    [ -n "${1:-}" ] || die "Usage: $0 restart N (stop node N if it runs, then start it again)"
    check_node_arg "$1"
    local i=$(( 10#$1 )) pid
    need_java_and_curl
    ensure_jars "Counter node jar" "$COUNTER_NODE_JAR" "Discovery server jar" "$DISCOVERY_JAR"
    mkdir -p "$LOG_DIR" "$DATA_DIR/wal" || die "Cannot create $LOG_DIR or $DATA_DIR"
    header "Restarting node $i in $CLUSTER_DIR"
    discovery_pid >/dev/null || warn "The discovery server is not running; node $i will find its peers only when they contact it (start it with: $0 start)"
    restart_node "$i" || { fail "Node $i did not come back; see $(node_log_file "$i")"; exit 1; }
    pid="$(node_pid "$i")" || pid="?"
    ok "Node $i restarted (PID $pid)"
}

# --- leave / remove (the ring) ---

LEAVE_EXIT_TIMEOUT=30          # seconds to wait for a node that left the ring to exit

# leave N: the tool asks node N to leave the ring (it answers once its keys are
# handed over, up to a minute); then node N exits by itself: wait for its PID,
# remove its PID file
cmd_leave() {
    [ -n "${1:-}" ] || die "Usage: $0 leave N (node N hands its keys to the new owners, then stops)"
    check_node_arg "$1"
    local i=$(( 10#$1 )) pid file n=0 now
    file="$(node_pid_file "$i")"
    pid="$(node_pid "$i")" || die "Node $i is not running; nothing to leave"
    run_tool leave "$i" || exit 1
    while proc_alive "$pid" && [ "$n" -lt $(( LEAVE_EXIT_TIMEOUT * 10 )) ]; do sleep 0.1; n=$(( n + 1 )); done
    if proc_alive "$pid"; then
        fail "Node $i (PID $pid) left the ring but is still running after ${LEAVE_EXIT_TIMEOUT}s; stop it with: $0 kill $i"
        exit 1
    fi
    now="$(read_pid_file "$file")" || now=""
    [ "$now" = "$pid" ] && rm -f "$file"
    ok "Node $i (PID $pid) exited; removed $file"
    echo "  It is off the ring until it starts again: $0 restart $i"
}

# remove N: node N must not run (stop or kill it first); the tool asks a
# running node to take it off the ring
cmd_remove() {
    [ -n "${1:-}" ] || die "Usage: $0 remove N (take node N, dead for good, off the ring)"
    check_node_arg "$1"
    local i=$(( 10#$1 )) pid
    if pid="$(node_pid "$i")"; then
        die "Node $i (PID $pid) is still running: stop or kill it first ($0 kill $i), or let it leave ($0 leave $i)"
    fi
    run_tool remove "$i"
}

# --- logs ---
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

# --- The operator's tool, and the hidden commands it calls back ---

# run_tool COMMAND [ARGS...]: cluster-tool.jar on this cluster, told its layout,
# this script (to call back for processes), how the user named it and whether to
# colour. The tool's exit 2 (bad arguments) is this script's 1, as it always was.
run_tool() {
    command -v "$JAVA" >/dev/null 2>&1 || die "Java not found ('$JAVA'); install a JDK 17+ or set JAVA"
    ensure_jars "Cluster tool jar" "$CLUSTER_TOOL_JAR"
    local -a opts=() no_wal=()
    local i colour=never rc
    read -r -a opts <<< "$TOOL_JAVA_OPTS"
    [ -n "$NC" ] && colour=always
    for (( i = 1; i <= NODE_COUNT; i++ )); do node_has_wal "$i" || no_wal+=("$i"); done
    key_flag
    "$JAVA" ${opts[@]+"${opts[@]}"} -jar "$CLUSTER_TOOL_JAR" \
        "--script=$SCRIPT_PATH" "--script-name=$0" "--color=$colour" "--cluster-dir=$CLUSTER_DIR" \
        "--nodes=$NODE_COUNT" "--discovery-port=$DISCOVERY_PORT" \
        "--base-tcp-port=$BASE_TCP_PORT" "--base-http-port=$BASE_HTTP_PORT" \
        ${KEY_FLAG[@]+"${KEY_FLAG[@]}"} \
        ${no_wal[@]+"--nodes-without-wal=$(IFS=,; echo "${no_wal[*]}")"} "$@"
    rc=$?
    [ "$rc" -eq 2 ] && rc=1
    return "$rc"
}

# status: stale PID files go first (this script owns them), then the tool reports
cmd_status() {
    local i
    remove_if_stale "$(discovery_pid_file)" "$DISCOVERY_JAR" && warn "Removed the stale discovery PID file"
    for (( i = 1; i <= NODE_COUNT; i++ )); do
        remove_if_stale "$(node_pid_file "$i")" "$COUNTER_NODE_JAR" && warn "Removed the stale PID file of node $i"
    done
    run_tool status
}

# _running: one line per live process, "discovery PID" and "node N PID"
cmd_running() {
    local i pid
    if pid="$(discovery_pid)"; then echo "discovery $pid"; fi
    for (( i = 1; i <= NODE_COUNT; i++ )); do
        if pid="$(node_pid "$i")"; then echo "node $i $pid"; fi
    done
}

# _kill N: SIGKILL node N and print its PID; exit 1 if it was not running, 2 if it survived
cmd_kill_for_tool() {
    check_node_arg "${1:-}"
    local rc
    kill_node $(( 10#$1 )); rc=$?
    [ "$rc" -eq 0 ] && echo "$KILLED_PID"
    return "$rc"
}

# _pause N / _resume N: SIGSTOP node N (a long GC pause) / SIGCONT it (harmless if it runs),
# by its PID file, and print its PID; exit 1 if it is not running
cmd_signal_for_tool() {
    check_node_arg "${2:-}"
    local pid
    pid="$(node_pid $(( 10#$2 )))" || return 1
    kill "-$1" "$pid" 2>/dev/null || return 1
    echo "$pid"
}

# resume_all_nodes: SIGCONT every live node of ours, so that no simulation, however it ended
# (Ctrl-C, a killed tool), leaves a paused JVM behind; a running process ignores it
resume_all_nodes() {
    local i pid
    for (( i = 1; i <= NODE_COUNT; i++ )); do
        if pid="$(node_pid "$i")"; then kill -CONT "$pid" 2>/dev/null || true; fi
    done
}

# cmd_simulation [ARGS...]: the tool's simulate, with every node resumed however it exits
cmd_simulation() {
    trap resume_all_nodes EXIT
    run_tool simulate "$@"
}

# _launch N: start node N with its usual flags and wait for /health, saying so as start does
cmd_launch_for_tool() {
    check_node_arg "${1:-}"
    mkdir -p "$LOG_DIR" "$DATA_DIR/wal" || die "Cannot create $LOG_DIR or $DATA_DIR"
    launch_node $(( 10#$1 ))
    await_node $(( 10#$1 )) $(( SECONDS + START_TIMEOUT ))
}

# --- bench ---

# cmd_bench [ARGS...]: the quick benchmark suite, with this script's jars, java and JVM flags
# (it starts its own servers and cluster on other ports; see bench/README.md)
cmd_bench() {
    COUNTER_NODE_JAR="$COUNTER_NODE_JAR" DISCOVERY_JAR="$DISCOVERY_JAR" JAVA="$JAVA" JAVA_OPTS="$JAVA_OPTS" \
        bash "$REPO_ROOT/bench/run-bench.sh" --quick "$@"
}

# --- help ---
cmd_help() {
    local me
    me="$(basename "$0")"
    cat <<EOF
${BOLD}Distributed counter cluster management${NC}

Usage: ./$me <command> [arguments]

Commands:
  start                      Start the discovery server and every node that is down
                             (builds the jars with Maven first if they are missing)
  stop                       Stop all nodes, then the discovery server (SIGCONT, in case one
                             is paused, SIGTERM, then SIGKILL after ${STOP_TIMEOUT}s)
  status                     Show each node's state, PID, ports, counter and peers, the
                             leader and term it sees and its members (alive/suspect/dead),
                             whether the running nodes agree on one leader, and the
                             discovery server's registered peers
  increment|inc [N]          Increment the counter on node N (default: a random running node)
  decrement|dec [N]          Decrement the counter on node N (default: a random running node)
  counter|cnt [N]            Show the counter of node N, or of all nodes
  peers|p [N]                Show the peers of node N, or of all nodes and the discovery server
  put KEY VALUE [N]          Keyspace: put KEY = VALUE through node N (default: a random running
                             node), acknowledged once W=2 of the key's N=3 replicas hold it
  get KEY [N]                Keyspace: read KEY through node N (default: a random running node),
                             from R=2 replicas; exit 1 when it is not found
  del|delete KEY [N]         Keyspace: delete KEY through node N (a tombstone, written as a put)
  owners KEY [N]             Keyspace: the replicas of KEY, primary first, with their states as
                             node N (default: 1) sees them
  logs [N|discovery]         Show the last $LOG_TAIL_LINES lines of a node's log, the discovery
                             server's log, or of all logs
  consistency                Check whether all running nodes hold the same state (value,
                             version and state digest)
  check                      Quick functionality test: 2 increments and 1 decrement on
                             different nodes, then wait (up to 15s) for convergence
  simulation|sim [duration] [interval] [ops_per_cycle] [--faults LIST] [--seed S] [--workload W]
                             Random increments/decrements on random nodes for <duration>
                             seconds (default 60), <ops_per_cycle> operations (default 3)
                             every <interval> seconds (default 2), then verify that every
                             node converges to the expected value. Records every operation,
                             read and fault in logs/history-<time>.jsonl and checks it with
                             the history checker (exit 1 if INVALID).
                             --faults kill,partition,chaos,pause: at every interval, 1 in 3,
                             start one fault (if none is active) for 1-3 intervals: kill =
                             SIGKILL a random node, restarted when the fault ends; partition =
                             two random groups; chaos = 0.3 drop on every node; pause = SIGSTOP
                             a random node for 2-5s, then SIGCONT (a long GC pause). At the end:
                             resume any paused node, heal, restart any node that is down,
                             wait up to 60s for convergence. --seed S repeats a schedule
                             (default: random, printed)
                             --workload counter|kv|both: counter (default) as above; kv =
                             random puts/gets/deletes of keys sim-<seed>-k0..k7 instead, then a
                             quorum read of each key and every replica's state, checked too;
                             both = the two
  partition GROUP GROUP...   Cut the network between groups of nodes (e.g. 1,2 3,4,5): every
                             listed node drops its frames to the listed nodes of the other
                             groups (drop/delay stay; unlisted nodes are untouched)
  heal                       Clear every injected fault (blocked peers, drop, delay) on every
                             running node
  kill N                     SIGKILL node N (a crash, no clean shutdown); removes its PID file
  restart N                  Stop node N if it runs (SIGTERM, SIGKILL after ${STOP_TIMEOUT}s), start it
                             again with its usual flags and wait for /health
  leave N                    Node N leaves the ring: it hands every key it holds to the new owners
                             (POST /admin/leave, up to a minute), then exits; waits ${LEAVE_EXIT_TIMEOUT}s for
                             its process and removes its PID file. It is back with: restart N
  remove N                   Take node N, dead for good, off the ring (POST /admin/remove through a
                             running node): the survivors rebuild its keys from the other replicas.
                             Refused while node N runs: stop or kill it first. A dead node that is
                             not removed stays on the ring (its writes wait for it)
  chaos [N|all] [DROP [DELAY]]
                             Show the faults injected on node N or every running node, or set
                             their drop probability (0-1) and delay (e.g. 10ms-50ms)
  keys list                  The cluster keys' fingerprints on the discovery server and every node
  keys install KEYFILE       Rotate the cluster key without downtime: install a new key everywhere
  keys use FINGERPRINT       (every process accepts it), use it everywhere (every process signs with
  keys remove FINGERPRINT    it), then remove the old one; keys generate FILE writes a new key file
  clean                      Stop the cluster and delete its logs/ and data/ directories (and the key)
  bench                      Quick benchmark suite (bench/run-bench.sh --quick, about 5 minutes; needs
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
  Cluster key: data/cluster.key (made by start; frames and discovery requests are signed with it)
  Simulation histories: logs/history-<time>.jsonl
  Faults act on a node's outbound frames (heartbeats included) and are lost when it restarts.
  Everything but start, stop, kill, restart, logs, clean and bench runs the operator's tool (leave and remove
  also wait for, or check, the node's process),
  cluster-tool.jar (check a history by hand: java -jar cluster-tool.jar history-check FILE).

Environment overrides (current value):
  DISCOVERY_PORT    discovery server port ($DISCOVERY_PORT)
  BASE_TCP_PORT     TCP port of node 1 ($BASE_TCP_PORT)
  BASE_HTTP_PORT    HTTP port of node 1 ($BASE_HTTP_PORT)
  NODE_COUNT        number of nodes ($NODE_COUNT)
  COUNTER_NODE_JAR  counter node jar ($COUNTER_NODE_JAR)
  DISCOVERY_JAR     discovery server jar ($DISCOVERY_JAR)
  CLUSTER_TOOL_JAR  the operator's tool ($CLUSTER_TOOL_JAR)
  JAVA              java executable ($JAVA)
  JAVA_OPTS         JVM flags every process runs with ($JAVA_OPTS)
  TOOL_JAVA_OPTS    JVM flags of the tool, a short-lived client ($TOOL_JAVA_OPTS)
  CLUSTER_DIR       where logs/ and data/ live ($CLUSTER_DIR)
  CLUSTER_KEY_FILE  the cluster key, generated by start if missing ($CLUSTER_KEY_FILE)

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
        printf "$ex" "./$me put alpha first" "Put a key through a random node ..."
        printf "$ex" "./$me get alpha 3" "... and read it through node 3"
        printf "$ex" "./$me owners alpha" "The three nodes that hold alpha"
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
        echo "  # The same for the keyspace: puts, gets and deletes, every replica checked at the end:"
        echo "  ./$me simulation 60 2 3 --faults kill,partition --seed 42 --workload kv"
        echo
        echo "  # A second cluster next to the first one, with its own ports and directory:"
        echo "  CLUSTER_DIR=/tmp/c2 DISCOVERY_PORT=18000 BASE_TCP_PORT=19000 BASE_HTTP_PORT=18010 ./$me start"
    }
}

# edit_distance A B: Levenshtein's distance between two words
edit_distance() {
    local a=$1 b=$2 i j cost
    local -a prev cur
    for (( j = 0; j <= ${#b}; j++ )); do prev[j]=$j; done
    for (( i = 1; i <= ${#a}; i++ )); do
        cur=("$i")
        for (( j = 1; j <= ${#b}; j++ )); do
            cost=1; [ "${a:i-1:1}" = "${b:j-1:1}" ] && cost=0
            cur[j]=$(( prev[j] < cur[j-1] ? prev[j] + 1 : cur[j-1] + 1 ))
            (( prev[j-1] + cost < cur[j] )) && cur[j]=$(( prev[j-1] + cost ))
        done
        prev=("${cur[@]}")
    done
    echo "${prev[${#b}]}"
}

# closest_command WORD: the command WORD is probably a typo of (at most 2 edits, or a prefix of it)
closest_command() {
    local word=$1 best="" best_d=3 c d
    for c in start stop status increment decrement counter peers put get delete owners logs consistency \
             check simulation partition heal kill restart chaos keys clean bench help; do
        if [ "${#word}" -ge 2 ] && [[ $c == "$word"* ]]; then echo "$c"; return 0; fi
        d="$(edit_distance "$word" "$c")"
        if [ "$d" -lt "$best_d" ]; then best=$c; best_d=$d; fi
    done
    [ -n "$best" ] && echo "$best"
}

# --- main ---
main() {
    validate_config
    local cmd=${1:-help}
    [ "$#" -gt 0 ] && shift
    case "$cmd" in
        start)              cmd_start ;;
        stop)               cmd_stop ;;
        status)             cmd_status ;;
        increment|inc)      run_tool change increment -- ${1:+"$1"} ;;
        decrement|dec)      run_tool change decrement -- ${1:+"$1"} ;;
        counter|cnt)        run_tool counter -- ${1:+"$1"} ;;
        peers|p)            run_tool peers -- ${1:+"$1"} ;;
        put)                run_tool put ${3+"--node=$3"} -- "${@:1:2}" "${@:4}" ;;
        get)                run_tool get ${2+"--node=$2"} -- "${@:1:1}" "${@:3}" ;;
        del|delete)         run_tool delete ${2+"--node=$2"} -- "${@:1:1}" "${@:3}" ;;
        owners)             run_tool owners ${2+"--node=$2"} -- "${@:1:1}" "${@:3}" ;;
        logs)               cmd_logs "${1:-}" ;;
        consistency)        run_tool consistency ;;
        check)              run_tool check ;;
        simulation|sim)     cmd_simulation "$@" ;;
        partition)          run_tool partition -- "$@" ;;
        heal)               run_tool heal ;;
        kill)               cmd_kill "${1:-}" ;;
        restart)            cmd_restart "${1:-}" ;;
        leave)              cmd_leave "${1:-}" ;;
        remove)             cmd_remove "${1:-}" ;;
        chaos)              run_tool chaos -- "$@" ;;
        keys)               run_tool keys -- "$@" ;;
        clean)              cmd_clean ;;
        bench)              cmd_bench "$@" ;;
        help|-h|--help)     cmd_help ;;
        _running)           cmd_running ;;
        _kill)              cmd_kill_for_tool "${1:-}" ;;
        _launch)            cmd_launch_for_tool "${1:-}" ;;
        _pause)             cmd_signal_for_tool STOP "${1:-}" ;;
        _resume)            cmd_signal_for_tool CONT "${1:-}" ;;
        *)
            local hint="" near
            near="$(closest_command "$cmd")" && hint=" (did you mean '$near'?)"
            fail "Unknown command: $cmd$hint; see $0 help" >&2
            exit 1 ;;
    esac
}

main "$@"
