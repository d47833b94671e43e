#!/usr/bin/env bash
#
# e2e/netns/netns-cluster.sh - a cluster of separate hosts on one Linux machine: one network
# namespace per counter node, one for the discovery server and one for clients, each joined by a
# veth pair to a bridge that lives in a namespace of its own. The addresses (10.213.0.0/24) exist
# only inside these namespaces: nothing is added to the machine's own network, and every process
# is started with its own address in its flags, never loopback. Faults come from the kernel:
# a node's link taken down, packets between groups of nodes dropped on the wire, tc netem
# (loss, delay, reordering, duplication) where the kernel has it, and random loss by nftables
# (where nft and the kernel's nf_tables are) for kernels without netem.
#
# Needs root, iproute2, curl and a JDK. Everything it makes is recorded under NETNS_DIR (the
# namespaces, one per line, as they are made; the processes' PID files) and "down" removes
# exactly that: processes by PID (only when their command line shows our jar), namespaces by
# name. The end-to-end test NetworkNamespaceIT drives it; docs/testing.md says how to run it.
#
# cluster-tool runs in the client namespace and calls this script back for processes, as it does
# run-cluster.sh: _running, _kill N, _launch N, _pause N, _resume N (see ScriptCallback).

set -u

SCRIPT_PATH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
REPO_ROOT="$(cd "$(dirname "$SCRIPT_PATH")/../.." && pwd)"

# --- Configuration (the environment may override it) ---
NETNS_DIR="${NETNS_DIR:-${TMPDIR:-/tmp}/netns-cluster}"
COUNTER_NODE_JAR="${COUNTER_NODE_JAR:-$REPO_ROOT/counter-node/target/counter-node.jar}"
DISCOVERY_JAR="${DISCOVERY_JAR:-$REPO_ROOT/discovery-server/target/discovery-server.jar}"
CLUSTER_TOOL_JAR="${CLUSTER_TOOL_JAR:-$REPO_ROOT/cluster-tool/target/cluster-tool.jar}"
JAVA="${JAVA:-java}"
# JAVA_OPTS, TOOL_JAVA_OPTS and MALLOC_ARENA_MAX, as run-cluster.sh's processes have them
# shellcheck source=conf/jvm-options.sh
. "$REPO_ROOT/conf/jvm-options.sh"

SUBNET_PREFIX="10.213.0"          # a /24 that exists only inside this run's namespaces
DISCOVERY_IP="$SUBNET_PREFIX.2"
CLIENT_IP="$SUBNET_PREFIX.3"
# Each host has its own address, but the ports stay run-cluster.sh's layout: a node's id defaults
# to its gossip port, and the tool numbers nodes by port.
DISCOVERY_PORT=8000
BASE_TCP_PORT=9000
BASE_HTTP_PORT=8010
START_TIMEOUT=60                  # seconds for a started process to answer /health
STOP_TIMEOUT=10                   # seconds for a process to exit after SIGTERM
EXIT_UNAVAILABLE=3                # no namespaces here (probe), no netem in this kernel (netem), no nftables (loss)
NFT_TABLE="dcfault"               # the nftables table "loss" makes in a node's namespace
NOWHERE_MAC="02:00:00:00:de:ad"   # locally administered, on no interface: frames to it are dropped

LOG_DIR="$NETNS_DIR/logs"
DATA_DIR="$NETNS_DIR/data"
STATE_FILE="$NETNS_DIR/netns.env"      # PREFIX and NODE_COUNT of the cluster that is up
NAMESPACES_FILE="$NETNS_DIR/namespaces" # every namespace this run made, one per line
CLUSTER_KEY_FILE="$DATA_DIR/cluster.key"
ADMIN_TOKEN_FILE="$DATA_DIR/admin.token"

say()  { printf '%s\n' "$*"; }
die()  { printf '%s\n' "✗ $*" >&2; exit 1; }
is_uint() { [[ ${1:-} =~ ^[0-9]+$ ]]; }

# --- The cluster's layout ---
node_ip()        { echo "$SUBNET_PREFIX.$(( 10 + $1 ))"; }
node_tcp_port()  { echo $(( BASE_TCP_PORT + $1 - 1 )); }
node_http_port() { echo $(( BASE_HTTP_PORT + $1 - 1 )); }
node_pid_file()  { echo "$LOG_DIR/node-$1.pid"; }
node_log_file()  { echo "$LOG_DIR/node-$1.log"; }
ns_bridge()      { echo "$PREFIX-br"; }
ns_discovery()   { echo "$PREFIX-disc"; }
ns_client()      { echo "$PREFIX-cli"; }
ns_node()        { echo "$PREFIX-n$1"; }
node_hosts() {
    local i hosts=()
    for (( i = 1; i <= NODE_COUNT; i++ )); do hosts+=("$(node_ip "$i")"); done
    (IFS=,; echo "${hosts[*]}")
}

# load_state: PREFIX and NODE_COUNT of the cluster that is up, or die
load_state() {
    [ -f "$STATE_FILE" ] || die "No cluster is up in $NETNS_DIR (run: $0 up N)"
    # shellcheck source=/dev/null
    . "$STATE_FILE"
    { [[ ${PREFIX:-} =~ ^dcnet-[0-9]+$ ]] && is_uint "${NODE_COUNT:-}"; } || die "$STATE_FILE is damaged"
}

check_node_arg() {
    if ! is_uint "${1:-}" || [ "$1" -lt 1 ] || [ "$1" -gt "$NODE_COUNT" ]; then
        die "Invalid node number '${1:-}': expected 1..$NODE_COUNT"
    fi
}

# --- Processes, by PID file only ---

# proc_ours PID JAR: alive, not a zombie, and its command line names the jar
proc_ours() {
    local pid=$1 stat
    [ -r "/proc/$pid/stat" ] || return 1
    stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || return 1
    stat="${stat##*) }"
    case "${stat%% *}" in Z|X) return 1 ;; esac
    [[ "$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null)" == *"$(basename "$2")"* ]]
}

# live_pid FILE JAR -> the PID in FILE when it is a live process of ours
live_pid() {
    local pid=""
    [ -f "$1" ] || return 1
    read -r pid < "$1" 2>/dev/null || true
    is_uint "$pid" && proc_ours "$pid" "$2" || return 1
    echo "$pid"
}

node_pid()      { live_pid "$(node_pid_file "$1")" "$COUNTER_NODE_JAR"; }
discovery_pid() { live_pid "$LOG_DIR/discovery.pid" "$DISCOVERY_JAR"; }

# launch NAMESPACE LOG PIDFILE JAR ARGS...: a JVM in the namespace, in the background. ip netns
# exec execs the command, so the PID is the JVM's.
launch() {
    local ns=$1 log=$2 pid_file=$3 jar=$4; shift 4
    local -a opts=()
    read -r -a opts <<< "$JAVA_OPTS"
    printf '===== %s starting in %s: %s =====\n' "$(date '+%F %T')" "$ns" "$*" >> "$log"
    (
        cd "$NETNS_DIR" || exit 1
        trap '' HUP INT
        exec ip netns exec "$ns" "$JAVA" ${opts[@]+"${opts[@]}"} -jar "$jar" "$@"
    ) >> "$log" 2>&1 < /dev/null &
    local pid=$!
    disown "$pid" 2>/dev/null
    echo "$pid" > "$pid_file"
}

# client_curl CURL_ARGS...: curl from the client namespace, bounded
client_curl() {
    ip netns exec "$(ns_client)" curl -s -f --max-time 3 "$@"
}

# await_health NAME URL PIDFILE JAR: until the process answers /health, or it exits, or START_TIMEOUT
await_health() {
    local name=$1 url=$2 pid_file=$3 jar=$4 deadline=$(( SECONDS + START_TIMEOUT )) body
    while :; do
        body="$(client_curl "$url/health" 2>/dev/null)" && [[ $body == OK* ]] && { say "✓ $name is up"; return 0; }
        live_pid "$pid_file" "$jar" >/dev/null || { say "✗ $name exited during start-up"; return 1; }
        [ "$SECONDS" -lt "$deadline" ] || { say "✗ $name did not answer $url/health within ${START_TIMEOUT}s"; return 1; }
        sleep 0.2
    done
}

launch_node() {
    local i=$1 ip tcp http
    ip="$(node_ip "$i")"; tcp="$(node_tcp_port "$i")"; http="$(node_http_port "$i")"
    mkdir -p "$DATA_DIR/wal/node-$i"
    say "Starting node $i in $(ns_node "$i"): gossip $ip:$tcp, HTTP $ip:$http ..."
    launch "$(ns_node "$i")" "$(node_log_file "$i")" "$(node_pid_file "$i")" "$COUNTER_NODE_JAR" \
        "--addr=$ip:$tcp" "--http-port=$http" "--http-bind=$ip" \
        "--discovery=$DISCOVERY_IP:$DISCOVERY_PORT" "--wal-dir=$DATA_DIR/wal/node-$i" \
        "--admin-token-file=$ADMIN_TOKEN_FILE" "--cluster-key-file=$CLUSTER_KEY_FILE"
}

await_node() {
    await_health "Node $1" "http://$(node_ip "$1"):$(node_http_port "$1")" "$(node_pid_file "$1")" "$COUNTER_NODE_JAR"
}

# stop_pid NAME PID JAR: SIGCONT (a paused node), SIGTERM, SIGKILL after STOP_TIMEOUT
stop_pid() {
    local name=$1 pid=$2 deadline=$(( SECONDS + STOP_TIMEOUT ))
    kill -CONT "$pid" 2>/dev/null || true
    kill -TERM "$pid" 2>/dev/null || true
    while proc_ours "$pid" "$3" && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
    if proc_ours "$pid" "$3"; then
        say "! $name (PID $pid) did not exit within ${STOP_TIMEOUT}s; SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
    fi
}

# --- The network ---

# make_ns NAME: a new namespace, recorded before anything else can fail, with loopback up
make_ns() {
    ip netns add "$1" || die "Cannot create the network namespace $1"
    echo "$1" >> "$NAMESPACES_FILE"
    ip -n "$1" link set lo up
}

# attach NS PORT ADDRESS: a veth pair made directly inside the namespaces (eth0 in NS, PORT on
# the bridge), so no link ever exists in the machine's own namespace
attach() {
    local ns=$1 port=$2 addr=$3 br
    br="$(ns_bridge)"
    ip link add name eth0 netns "$ns" type veth peer name "$port" netns "$br" || return 1
    ip -n "$br" link set "$port" master br0 && ip -n "$br" link set "$port" up \
        && ip -n "$ns" addr add "$addr/24" dev eth0 && ip -n "$ns" link set eth0 up
}

# --- Commands ---

# probe: whether namespaces can be made here (exit 0, else EXIT_UNAVAILABLE), and whether the
# kernel has netem ("netem: yes" or "netem: no (...)"), by making and deleting one namespace
cmd_probe() {
    [ "$(id -u)" -eq 0 ] || { say "namespaces: no (not root)"; exit "$EXIT_UNAVAILABLE"; }
    command -v ip >/dev/null 2>&1 || { say "namespaces: no (iproute2's ip is not installed)"; exit "$EXIT_UNAVAILABLE"; }
    local ns="dcnet-$$-probe" err
    if ! err="$(ip netns add "$ns" 2>&1)"; then
        say "namespaces: no (ip netns add: $err)"; exit "$EXIT_UNAVAILABLE"
    fi
    # a veth pair inside it: what up makes (this kernel may have no dummy links)
    if ! err="$(ip -n "$ns" link add d0 type veth peer name d1 2>&1 && ip -n "$ns" link set d0 up 2>&1)"; then
        ip netns del "$ns"
        say "namespaces: no (a link in a namespace: $err)"; exit "$EXIT_UNAVAILABLE"
    fi
    say "namespaces: yes"
    if ! command -v tc >/dev/null 2>&1; then
        say "netem: no (tc is not installed)"
    elif err="$(ip netns exec "$ns" tc qdisc add dev d0 root netem delay 1ms 2>&1)"; then
        say "netem: yes"
    else
        say "netem: no (tc qdisc netem: $err)"
    fi
    if ! command -v nft >/dev/null 2>&1; then
        say "nftables: no (nft is not installed)"
    elif err="$(ip netns exec "$ns" nft add table inet "$NFT_TABLE" 2>&1)"; then
        say "nftables: yes"
    else
        say "nftables: no (nft: $err)"
    fi
    ip netns del "$ns"
}

cmd_up() {
    local n=${1:-}
    { is_uint "$n" && [ "$n" -ge 1 ] && [ "$n" -le 200 ]; } || die "Usage: $0 up N (1..200 nodes)"
    [ "$(id -u)" -eq 0 ] || die "Network namespaces need root"
    if [ -f "$STATE_FILE" ]; then die "A cluster is already up in $NETNS_DIR; run: $0 down"; fi
    for f in "$COUNTER_NODE_JAR" "$DISCOVERY_JAR" "$CLUSTER_TOOL_JAR"; do
        [ -f "$f" ] || die "Missing $f (mvn -pl counter-node,discovery-server,cluster-tool -am package -DskipTests)"
    done
    mkdir -p "$LOG_DIR" "$DATA_DIR/wal" || die "Cannot create $NETNS_DIR"
    PREFIX="dcnet-$$"; NODE_COUNT=$n
    printf 'PREFIX=%s\nNODE_COUNT=%s\n' "$PREFIX" "$NODE_COUNT" > "$STATE_FILE"
    # Whatever fails from here on, nothing stays behind.
    DOWN_ON_EXIT="✗ up failed; removing what it made"
    trap on_exit EXIT

    local i br
    make_ns "$(ns_bridge)"
    br="$(ns_bridge)"
    { ip -n "$br" link add br0 type bridge && ip -n "$br" link set br0 up; } || die "Cannot create the bridge"
    make_ns "$(ns_discovery)"; attach "$(ns_discovery)" disc "$DISCOVERY_IP" || die "Cannot link the discovery namespace"
    make_ns "$(ns_client)";    attach "$(ns_client)" cli "$CLIENT_IP" || die "Cannot link the client namespace"
    for (( i = 1; i <= NODE_COUNT; i++ )); do
        make_ns "$(ns_node "$i")"; attach "$(ns_node "$i")" "n$i" "$(node_ip "$i")" || die "Cannot link node $i"
    done
    say "✓ Namespaces $PREFIX-{br,disc,cli,n1..n$NODE_COUNT} on $SUBNET_PREFIX.0/24 (bridge in $br)"

    run_tool keys generate "$CLUSTER_KEY_FILE" >/dev/null || die "Cannot generate the cluster key"
    run_tool admin-token || die "Cannot make the admin token"
    launch "$(ns_discovery)" "$LOG_DIR/discovery.log" "$LOG_DIR/discovery.pid" "$DISCOVERY_JAR" \
        "--port=$DISCOVERY_PORT" "--bind=$DISCOVERY_IP" "--cluster-key-file=$CLUSTER_KEY_FILE"
    await_health "Discovery server" "http://$DISCOVERY_IP:$DISCOVERY_PORT" "$LOG_DIR/discovery.pid" "$DISCOVERY_JAR" \
        || die "The discovery server did not start (see $LOG_DIR/discovery.log)"
    for (( i = 1; i <= NODE_COUNT; i++ )); do launch_node "$i"; done
    for (( i = 1; i <= NODE_COUNT; i++ )); do
        await_node "$i" || die "Node $i did not start (see $(node_log_file "$i"))"
    done
    run_tool await-formation "--timeout=$START_TIMEOUT" || die "The cluster did not form"
    DOWN_ON_EXIT=""
    say "✓ $NODE_COUNT nodes up in $PREFIX (NETNS_DIR=$NETNS_DIR)"
}

# down: every process by its PID file, then every namespace this run made (its links go with
# it); safe to run twice, and after a failed up
cmd_down() {
    [ -f "$STATE_FILE" ] || { say "Nothing is up in $NETNS_DIR"; return 0; }
    load_state
    local i pid ns
    for (( i = 1; i <= NODE_COUNT; i++ )); do
        if pid="$(node_pid "$i")"; then stop_pid "Node $i" "$pid" "$COUNTER_NODE_JAR"; fi
        rm -f "$(node_pid_file "$i")"
    done
    if pid="$(discovery_pid)"; then stop_pid "Discovery server" "$pid" "$DISCOVERY_JAR"; fi
    rm -f "$LOG_DIR/discovery.pid"
    if [ -f "$NAMESPACES_FILE" ]; then
        while IFS= read -r ns; do
            # only names of this run's making
            [[ $ns == "$PREFIX"-* ]] && ip netns del "$ns" 2>/dev/null
        done < "$NAMESPACES_FILE"
        rm -f "$NAMESPACES_FILE"
    fi
    rm -f "$STATE_FILE"
    say "✓ Stopped the processes and removed the namespaces of $PREFIX"
}

# with N COMMAND [ARGS...]: up, run one of this script's commands, and down however it ends
cmd_with() {
    local n=${1:-}
    [ "$#" -ge 2 ] || die "Usage: $0 with N COMMAND [ARGS...]"
    shift
    ( cmd_up "$n" ) || exit 1
    DOWN_ON_EXIT="Taking the cluster down"
    trap on_exit EXIT
    trap 'exit 130' INT TERM
    main "$@"
}

# run_tool ARGS...: cluster-tool in the client namespace, told where every host is
run_tool() {
    local -a opts=() key=()
    read -r -a opts <<< "$TOOL_JAVA_OPTS"
    [ -f "$CLUSTER_KEY_FILE" ] && key=("--cluster-key-file=$CLUSTER_KEY_FILE")
    ip netns exec "$(ns_client)" "$JAVA" ${opts[@]+"${opts[@]}"} -jar "$CLUSTER_TOOL_JAR" \
        "--script=$SCRIPT_PATH" "--script-name=$0" --color=never "--cluster-dir=$NETNS_DIR" \
        "--nodes=$NODE_COUNT" "--discovery-port=$DISCOVERY_PORT" \
        "--base-tcp-port=$BASE_TCP_PORT" "--base-http-port=$BASE_HTTP_PORT" \
        "--node-hosts=$(node_hosts)" "--discovery-host=$DISCOVERY_IP" ${key[@]+"${key[@]}"} "$@"
}

# simulation ARGS...: the tool's simulate, every node resumed however it ends
cmd_simulation() {
    RESUME_ON_EXIT=1
    trap on_exit EXIT
    run_tool simulate "$@"
}

# on_exit: the one EXIT trap. RESUME_ON_EXIT: SIGCONT every node (no paused JVM left behind by
# a simulation); DOWN_ON_EXIT, a message: take everything down (a failed up; the end of with).
RESUME_ON_EXIT=""
DOWN_ON_EXIT=""
on_exit() {
    local i pid
    if [ -n "$RESUME_ON_EXIT" ] && [ -f "$STATE_FILE" ]; then
        for (( i = 1; i <= NODE_COUNT; i++ )); do
            if pid="$(node_pid "$i")"; then kill -CONT "$pid" 2>/dev/null || true; fi
        done
    fi
    if [ -n "$DOWN_ON_EXIT" ]; then
        say "$DOWN_ON_EXIT"
        cmd_down
    fi
}

# http N PATH: GET PATH from node N's HTTP API, from the client namespace
cmd_http() {
    check_node_arg "${1:-}"
    client_curl -H 'Accept: application/json' "http://$(node_ip "$1"):$(node_http_port "$1")${2:-/health}"
}

# partition GROUP GROUP...: every listed node's packets to the listed nodes of the other groups
# vanish on the wire, silently, as across a split switch: its namespace gets a permanent
# neighbour entry for each of them with a MAC address no host has (NOWHERE_MAC), so the bridge
# floods those frames and every host drops them. The client and discovery namespaces still reach
# everyone. Groups are comma lists: partition 1,2 3,4
cmd_partition() {
    [ "$#" -ge 2 ] || die "Usage: $0 partition GROUP GROUP... (e.g. 1,2 3,4)"
    local -a group_of=() members=()
    local g=0 group i j
    for group in "$@"; do
        g=$(( g + 1 ))
        IFS=, read -r -a members <<< "$group"
        for i in "${members[@]}"; do
            check_node_arg "$i"
            [ -z "${group_of[i]:-}" ] || die "Node $i is in two groups"
            group_of[i]=$g
        done
    done
    for i in "${!group_of[@]}"; do
        for j in "${!group_of[@]}"; do
            [ "${group_of[i]}" = "${group_of[j]}" ] && continue
            ip -n "$(ns_node "$i")" neigh replace "$(node_ip "$j")" lladdr "$NOWHERE_MAC" dev eth0 nud permanent \
                || die "Cannot cut node $i from node $j"
        done
    done
    say "✓ Partition in place: $*"
}

# isolate N: node N's cable pulled, its link taken down on both ends: nothing reaches it, and
# what it sends goes nowhere
cmd_isolate() {
    check_node_arg "${1:-}"
    { ip -n "$(ns_bridge)" link set "n$1" down && ip -n "$(ns_node "$1")" link set eth0 down; } \
        || die "Cannot take node $1's link down"
    say "✓ Node $1 isolated (link down)"
}

# netem N ARGS: tc netem on node N's link, e.g. netem 2 "loss 5% delay 20ms 10ms reorder 25% duplicate 2%";
# exit EXIT_UNAVAILABLE when the kernel has no netem
cmd_netem() {
    check_node_arg "${1:-}"
    [ -n "${2:-}" ] || die "Usage: $0 netem N \"loss 5% delay 20ms 10ms reorder 25% duplicate 2%\""
    local -a spec=()
    local err
    read -r -a spec <<< "$2"
    if ! err="$(ip netns exec "$(ns_node "$1")" tc qdisc replace dev eth0 root netem "${spec[@]}" 2>&1)"; then
        if [[ $err == *"qdisc kind is unknown"* || $err == *"No such file"* ]]; then
            say "netem unavailable: this kernel has no sch_netem ($err)" >&2
            exit "$EXIT_UNAVAILABLE"
        fi
        die "tc netem on node $1: $err"
    fi
    say "✓ Node $1: netem $2"
}

# loss N PERCENT: node N's namespace drops PERCENT % of the packets it sends or receives on the
# cluster's subnet, each one at random, by nftables (numgen random): a lossy link for kernels
# without netem; exit EXIT_UNAVAILABLE when nft or the kernel's nf_tables is missing
cmd_loss() {
    check_node_arg "${1:-}"
    { is_uint "${2:-}" && [ "$2" -le 100 ]; } || die "Usage: $0 loss N PERCENT (0..100)"
    command -v nft >/dev/null 2>&1 || { say "nftables unavailable: nft is not installed" >&2; exit "$EXIT_UNAVAILABLE"; }
    local ns err rules
    ns="$(ns_node "$1")"
    rules="table inet $NFT_TABLE {
    chain out { type filter hook output priority 0; ip daddr $SUBNET_PREFIX.0/24 numgen random mod 100 < $2 drop; }
    chain in { type filter hook input priority 0; ip saddr $SUBNET_PREFIX.0/24 numgen random mod 100 < $2 drop; }
}"
    ip netns exec "$ns" nft delete table inet "$NFT_TABLE" 2>/dev/null || true
    if ! err="$(printf '%s\n' "$rules" | ip netns exec "$ns" nft -f - 2>&1)"; then
        say "nftables unavailable: $err" >&2
        exit "$EXIT_UNAVAILABLE"
    fi
    say "✓ Node $1: $2% of its packets dropped at random (nftables)"
}

# heal: every link up, every partition entry, every qdisc and every loss table on the nodes' links removed
cmd_heal() {
    local i
    for (( i = 1; i <= NODE_COUNT; i++ )); do
        ip -n "$(ns_bridge)" link set "n$i" up
        ip -n "$(ns_node "$i")" link set eth0 up
        ip -n "$(ns_node "$i")" neigh flush dev eth0 nud permanent
        ip netns exec "$(ns_node "$i")" tc qdisc del dev eth0 root 2>/dev/null || true
        ip netns exec "$(ns_node "$i")" nft delete table inet "$NFT_TABLE" 2>/dev/null || true
    done
    say "✓ Healed: links up, no partition, no netem, no loss"
}

# --- The tool's callbacks (see ScriptCallback) ---

cmd_running() {
    local i pid
    if pid="$(discovery_pid)"; then echo "discovery $pid"; fi
    for (( i = 1; i <= NODE_COUNT; i++ )); do
        if pid="$(node_pid "$i")"; then echo "node $i $pid"; fi
    done
}

# _kill N: SIGKILL node N, print its PID; exit 1 if it was not running, 2 if it survived 5 s
cmd_kill_for_tool() {
    check_node_arg "${1:-}"
    local pid n=0
    pid="$(node_pid "$1")" || return 1
    kill -KILL "$pid" 2>/dev/null || true
    while proc_ours "$pid" "$COUNTER_NODE_JAR" && [ "$n" -lt 50 ]; do sleep 0.1; n=$(( n + 1 )); done
    proc_ours "$pid" "$COUNTER_NODE_JAR" && return 2
    rm -f "$(node_pid_file "$1")"
    echo "$pid"
}

# _pause N / _resume N: SIGSTOP / SIGCONT node N, print its PID; exit 1 if it is not running
cmd_signal_for_tool() {
    check_node_arg "${2:-}"
    local pid
    pid="$(node_pid "$2")" || return 1
    kill "-$1" "$pid" 2>/dev/null || return 1
    echo "$pid"
}

cmd_launch_for_tool() {
    check_node_arg "${1:-}"
    launch_node "$1"
    await_node "$1"
}

cmd_help() {
    cat <<EOF
Usage: $0 COMMAND [ARGS]   (as root; state in NETNS_DIR, now $NETNS_DIR)

  probe                  Whether namespaces can be made here (exit $EXIT_UNAVAILABLE if not) and whether
                         the kernel has netem
  up N                   N nodes, a discovery server and a client, each in its own namespace
                         on $SUBNET_PREFIX.0/24 (node i at $SUBNET_PREFIX.(10+i))
  down                   Stop every process by PID, delete every namespace this run made
  with N COMMAND ...     up N, the command, then down however it ends
  simulation ARGS...     cluster-tool simulate in the client namespace (run-cluster.sh's arguments)
  tool ARGS...           any cluster-tool command in the client namespace (status, peers, ...)
  http N PATH            GET PATH from node N, from the client namespace
  partition G G...       Drop the packets between groups of nodes (e.g. 1,2 3,4), silently
  isolate N              Take node N's link down
  netem N "SPEC"         tc netem on node N's link (exit $EXIT_UNAVAILABLE: the kernel has no netem)
  loss N PERCENT         nftables drops PERCENT % of node N's packets at random (exit $EXIT_UNAVAILABLE: no nftables)
  heal                   Links up, partition, netem and loss removed

Example: $0 with 4 simulation 20 2 3 --workload kv --seed 7
EOF
}

main() {
    local cmd=${1:-help}
    [ "$#" -gt 0 ] && shift
    case "$cmd" in
        probe)      cmd_probe; return ;;
        up)         cmd_up "$@"; return ;;
        down)       cmd_down; return ;;
        with)       cmd_with "$@"; return ;;
        help|-h|--help) cmd_help; return ;;
    esac
    load_state
    case "$cmd" in
        simulation) cmd_simulation "$@" ;;
        tool)       run_tool "$@" ;;
        http)       cmd_http "$@" ;;
        partition)  cmd_partition "$@" ;;
        isolate)    cmd_isolate "$@" ;;
        netem)      cmd_netem "$@" ;;
        loss)       cmd_loss "$@" ;;
        heal)       cmd_heal ;;
        _running)   cmd_running ;;
        _kill)      cmd_kill_for_tool "${1:-}" ;;
        _launch)    cmd_launch_for_tool "${1:-}" ;;
        _pause)     cmd_signal_for_tool STOP "${1:-}" ;;
        _resume)    cmd_signal_for_tool CONT "${1:-}" ;;
        *)          die "Unknown command: $cmd; see $0 help" ;;
    esac
}

main "$@"
