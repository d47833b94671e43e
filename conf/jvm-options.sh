# shellcheck shell=bash
#
# conf/jvm-options.sh - the JVM settings of a local cluster's processes, in one place.
# Sourced by run-cluster.sh and bench/run-bench.sh, so the cluster and the benchmark suite
# always run the same flags. A value already set in the environment wins.

# Every discovery server and counter node.
JAVA_OPTS="${JAVA_OPTS:--Xms32m -Xmx128m -XX:+UseSerialGC}"

# glibc gives every thread that mallocs at once an arena of its own and keeps what was freed in
# it; with two, a node's highest resident memory under load is steadier (docs/performance.md).
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
