package dev.distcounter.bench;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a load or a memory sample of the suite was taken on, under the names run-bench.sh uses. */
enum Server {
    /** The HTTP ceiling (item 1). */
    @JsonProperty("ceiling")
    CEILING("HTTP ceiling", "ceiling"),
    /** One node, WAL with fsync: the default (items 2, 3). */
    @JsonProperty("dur")
    DURABLE("WAL + fsync", "node with WAL + fsync"),
    @JsonProperty("nofsync")
    NO_FSYNC("WAL, no fsync", "node with WAL, no fsync"),
    @JsonProperty("nowal")
    NO_WAL("none", "node without WAL"),
    /** The nodes of the 5-node layout (items 4, 5); a line names the node. */
    @JsonProperty("cluster")
    CLUSTER("5-node layout", "node of the 5-node layout"),
    /** The 3-node keyspace (item 9): loads on its coordinator, node 1; memory of each node. */
    @JsonProperty("kv")
    KEYSPACE("3-node keyspace", "3-node keyspace");

    /** The one-node modes, in the order the report lists them. */
    static final Server[] NODE_MODES = {DURABLE, NO_FSYNC, NO_WAL};

    /** How the report's tables name it; for the node modes, its WAL. */
    final String label;
    /** How a sentence names it. */
    final String description;

    Server(String label, String description) {
        this.label = label;
        this.description = description;
    }
}
