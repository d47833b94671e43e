# shellcheck shell=bash
#
# conf/jvm-options.sh - the JVM settings of a local cluster's processes, in one place.
# Sourced by run-cluster.sh and bench/run-bench.sh, so the cluster and the benchmark suite
# always run the same flags. A value already set in the environment wins.

# Every discovery server and counter node. The heap grows only as needed (-Xms32m): a node of the
# counter alone stays near its start, while the keys a node holds as a replica take about 300
# bytes of heap each beyond their size (docs/performance.md), so 512 MiB holds a million small keys.
JAVA_OPTS="${JAVA_OPTS:--Xms32m -Xmx512m -XX:+UseSerialGC}"

# The operator's tool (cluster-tool.jar), which run-cluster.sh starts for every command that
# talks to the nodes: a client that lives for a second wants to start fast, not to run fast, so
# only the quick C1 compiler, the simplest collector and the JDK's class-data archive.
TOOL_JAVA_OPTS="${TOOL_JAVA_OPTS:--Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto}"

# glibc gives every thread that mallocs at once an arena of its own and keeps what was freed in
# it; with two, a node's highest resident memory under load is steadier (docs/performance.md).
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
