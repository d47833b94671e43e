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
JAVA_OPTS="${JAVA_OPTS:--Xms32m -Xmx128m -XX:+UseSerialGC}"
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

# http_get URL -> HTTP_CODE (000 when no answer), HTTP_BODY (without the final
# newline), HTTP_RC (curl's exit code: 7 = refused, 28 = timed out)
http_get() {
    local url=$1 out
    out="$(curl -s --max-time "$CURL_TIMEOUT" -w $'\n%{http_code}' "$url" 2>/dev/null)"
    HTTP_RC=$?
    HTTP_CODE="${out##*$'\n'}"
    HTTP_BODY="${out%$'\n'*}"
    [ "$HTTP_BODY" = "$out" ] && HTTP_BODY=""
    HTTP_BODY="${HTTP_BODY%$'\n'}"
    [[ $HTTP_CODE =~ ^[0-9]{3}$ ]] || HTTP_CODE=000
    [ "$HTTP_RC" -eq 0 ] && [ "$HTTP_CODE" = 200 ]
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

# do_op increment|decrement N -> OP_CODE, OP_BODY, OP_RC, OP_VALUE (if parsed)
do_op() {
    local op=$1 node=$2
    OP_VALUE=""
    http_get "$(node_url "$node")/$op"
    OP_CODE="$HTTP_CODE"; OP_BODY="$HTTP_BODY"; OP_RC="$HTTP_RC"
    if [[ $OP_BODY =~ ^Counter\ [a-z]+\ to\ (-?[0-9]+)\ \(version\ ([0-9]+)\) ]]; then
        OP_VALUE="${BASH_REMATCH[1]}"
    fi
}

# classify the last do_op: acked (200: counted), indeterminate (503 or timeout:
# may or may not count), refused (anything else, not counted)
op_outcome() {
    if [ "$OP_RC" -eq 0 ] && [ "$OP_CODE" = 200 ]; then
        echo acked
    elif [ "$OP_CODE" = 503 ] || { [ "$OP_CODE" = 000 ] && [ "$OP_RC" -ne 7 ]; } \
         || { [ "$OP_CODE" = 200 ] && [ "$OP_RC" -ne 0 ]; }; then
        echo indeterminate
    else
        echo refused
    fi
}

# snapshot the counters of all running nodes -> SNAP_NODES, SNAP_VALUES,
# SNAP_VERSIONS (parallel arrays), SNAP_OK (1 if every read worked),
# SNAP_AGREE (1 if all values and versions are equal), SNAP_MIN, SNAP_MAX
snapshot() {
    running_nodes
    SNAP_NODES=(); SNAP_VALUES=(); SNAP_VERSIONS=()
    SNAP_OK=1; SNAP_AGREE=1; SNAP_MIN=""; SNAP_MAX=""
    local i first_val="" first_ver=""
    for i in ${RUNNING[@]+"${RUNNING[@]}"}; do
        SNAP_NODES+=("$i")
        if read_counter "$i"; then
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
        local tcp http
        tcp="$(node_tcp_port "$i")"; http="$(node_http_port "$i")"
        node_config "$i"
        mkdir -p "$DATA_DIR/wal/node-$tcp"
        info "Starting node $i: TCP localhost:$tcp, HTTP $BIND_HOST:$http, $NODE_DESC ..."
        launch "$(node_log_file "$i")" "$(node_pid_file "$i")" "$COUNTER_NODE_JAR" \
            "--addr=localhost:$tcp" "--http-port=$http" "--http-bind=$BIND_HOST" \
            "--discovery=localhost:$DISCOVERY_PORT" "--wal-dir=$DATA_DIR/wal/node-$tcp" \
            ${NODE_FLAGS[@]+"${NODE_FLAGS[@]}"} > /dev/null
        started+=("$i")
    done

    now_ms; deadline=$(( NOW_MS + START_TIMEOUT * 1000 ))
    for i in ${started[@]+"${started[@]}"}; do
        pid="$(read_pid_file "$(node_pid_file "$i")")" || pid=""
        while :; do
            if health_ok "$(node_url "$i")"; then
                ok "Node $i is up (PID $pid)"; break
            fi
            if [ -z "$pid" ] || ! proc_alive "$pid"; then
                fail "Node $i exited during start-up"
                show_log_tail "$(node_log_file "$i")"
                rm -f "$(node_pid_file "$i")"
                failed=$(( failed + 1 )); break
            fi
            now_ms
            if [ "$NOW_MS" -ge "$deadline" ]; then
                fail "Node $i did not answer /health within ${START_TIMEOUT}s (still running as PID $pid)"
                show_log_tail "$(node_log_file "$i")"
                failed=$(( failed + 1 )); break
            fi
            sleep 0.2
        done
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
# status / counter / peers / logs
# ---------------------------------------------------------------------------
cmd_status() {
    local i pid running=0 counter peers
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
        else
            remove_if_stale "$(node_pid_file "$i")" "$COUNTER_NODE_JAR" && warn "Removed the stale PID file of node $i"
            printf '%s\n' "Node $i: ${RED}stopped${NC}  TCP $(node_tcp_port "$i")  HTTP $(node_http_port "$i")"
        fi
    done
    echo "$running/$NODE_COUNT nodes running"
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
    local min="" max="" seen=0 versions_differ=0 first_ver=""
    for i in "${nodes[@]}"; do
        if ! node_pid "$i" >/dev/null; then
            printf '%s\n' "Node $i: ${YELLOW}not running${NC}"; rc=1; continue
        fi
        if read_counter "$i"; then
            printf '%s\n' "Node $i: $HTTP_BODY"
            seen=$(( seen + 1 ))
            [ -z "$first_ver" ] && first_ver="$CNT_VERSION"
            [ "$CNT_VERSION" != "$first_ver" ] && versions_differ=1
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
            warn "Nodes differ (values $min..$max, spread $(( max - min ))); gossip may still be propagating"
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

cmd_simulation() {
    local duration=${1:-60} interval=${2:-2} per_cycle=${3:-3}
    is_uint "$duration" && [ "$duration" -gt 0 ] || die "duration must be a positive number of seconds (got '$duration')"
    to_ms "$interval" && [ "$TO_MS" -gt 0 ] || die "interval must be a positive number of seconds (got '$interval')"
    local interval_ms=$TO_MS
    is_uint "$per_cycle" && [ "$per_cycle" -gt 0 ] || die "ops_per_cycle must be a positive integer (got '$per_cycle')"

    header "Simulation: ${duration}s, ${per_cycle} random operation(s) every ${interval}s"
    running_nodes
    [ "${#RUNNING[@]}" -gt 0 ] || die "No node is running; start the cluster with: $0 start"

    info "Waiting for a consistent baseline (up to ${BASELINE_TIMEOUT}s) ..."
    if ! wait_converged $(( BASELINE_TIMEOUT * 1000 )); then
        print_snapshot
        fail "The nodes did not agree before the simulation; cannot establish a baseline (see: $0 consistency)"
        return 1
    fi
    local baseline="${SNAP_VALUES[0]}"
    echo "  Baseline: $baseline (version ${SNAP_VERSIONS[0]}) on ${#SNAP_NODES[@]} node(s)"

    local expected=$baseline ops=0 acked=0 acked_inc=0 acked_dec=0
    local indet_inc=0 indet_dec=0 refused=0
    local start end last_op_ms last_change_ms next k i op node outcome spread line cur
    local -a last_vals=()
    for (( i = 1; i <= NODE_COUNT; i++ )); do last_vals[i]=""; done

    now_ms; start=$NOW_MS; end=$(( start + duration * 1000 )); last_op_ms=$start; last_change_ms=$start
    next=$start
    while :; do
        # -- one cycle of operations
        running_nodes
        for (( k = 0; k < per_cycle; k++ )); do
            if [ "${#RUNNING[@]}" -eq 0 ]; then break; fi
            node="${RUNNING[$(( RANDOM % ${#RUNNING[@]} ))]}"
            if (( RANDOM % 2 )); then op=increment; else op=decrement; fi
            do_op "$op" "$node"
            ops=$(( ops + 1 ))
            outcome="$(op_outcome)"
            case "$outcome" in
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
        printf '[%6ss] ops %d (acked %d, indeterminate %d) expected %d | %s| spread %s | last change %ss ago\n' \
            "$(fmt_secs $(( NOW_MS - start )))" "$ops" "$acked" $(( indet_inc + indet_dec )) "$expected" \
            "$line" "$spread" "$(fmt_secs $(( NOW_MS - last_change_ms )))"
    done

    echo
    info "Operations stopped: $ops sent, $acked acknowledged (+$acked_inc / -$acked_dec), $(( indet_inc + indet_dec )) indeterminate (+$indet_inc / -$indet_dec), $refused not counted"
    local lo=$(( expected - indet_dec )) hi=$(( expected + indet_inc ))
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
    local after
    after="$(fmt_secs $(( NOW_MS - last_op_ms )))"
    print_snapshot
    if [ "$SNAP_AGREE" -ne 1 ]; then
        if [ -n "$SNAP_MIN" ]; then
            fail "NOT converged ${conv_timeout}s after the last operation: values $SNAP_MIN..$SNAP_MAX (spread $(( SNAP_MAX - SNAP_MIN ))), expected $expected"
        else
            fail "NOT converged ${conv_timeout}s after the last operation: no node could be read (expected $expected)"
        fi
        return 1
    fi
    local value="${SNAP_VALUES[0]}"
    if [ "$value" -ge "$lo" ] && [ "$value" -le "$hi" ]; then
        if [ "$lo" -eq "$hi" ]; then
            ok "All ${#SNAP_NODES[@]} nodes converged to the expected value $value in ${after}s after the last operation (version ${SNAP_VERSIONS[0]})"
        else
            ok "All ${#SNAP_NODES[@]} nodes converged to the expected value $value in ${after}s after the last operation (acknowledged ops give $expected; $(( indet_inc + indet_dec )) indeterminate ops allow [$lo, $hi])"
        fi
        return 0
    fi
    if [ "$lo" -eq "$hi" ]; then
        fail "All nodes converged to $value but expected $expected (difference $(( value - expected )); baseline $baseline, +$acked_inc -$acked_dec acknowledged)"
    else
        fail "All nodes converged to $value but expected $expected, or a value in [$lo, $hi] given the indeterminate operations"
    fi
    return 1
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
  status                     Show each node's state, PID, ports, counter and peers,
                             and the discovery server's registered peers
  increment|inc [N]          Increment the counter on node N (default: a random running node)
  decrement|dec [N]          Decrement the counter on node N (default: a random running node)
  counter|cnt [N]            Show the counter of node N, or of all nodes
  peers|p [N]                Show the peers of node N, or of all nodes and the discovery server
  logs [N|discovery]         Show the last $LOG_TAIL_LINES lines of a node's log, the discovery
                             server's log, or of all logs
  consistency                Check whether all running nodes agree on value and version
  check                      Quick functionality test: 2 increments and 1 decrement on
                             different nodes, then wait (up to ${CONVERGE_TIMEOUT_CHECK}s) for convergence
  simulation|sim [duration] [interval] [ops_per_cycle]
                             Random increments/decrements on random nodes for <duration>
                             seconds (default 60), <ops_per_cycle> operations (default 3)
                             every <interval> seconds (default 2), then verify that every
                             node converges to the expected value
  clean                      Stop the cluster and delete its logs/ and data/ directories
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
    local ex='  %-36s # %s\n'
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
        printf "$ex" "./$me logs 2" "See what node 2 logged"
        printf "$ex" "./$me stop" "Stop the cluster"
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
        clean)              cmd_clean ;;
        help|-h|--help)     cmd_help ;;
        *)
            fail "Unknown command: $cmd" >&2
            echo >&2
            cmd_help >&2
            exit 1 ;;
    esac
}

main "$@"
