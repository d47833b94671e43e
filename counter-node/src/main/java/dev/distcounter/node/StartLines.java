package dev.distcounter.node;

import dev.distcounter.common.GoDuration;
import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.auth.ClusterKeyFile;
import dev.distcounter.node.crdt.PNCounter;
import dev.distcounter.node.replication.KeyspaceConfig;
import dev.distcounter.node.storage.CounterStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lines a node logs once it serves: how it started, its chaos seed, its keyspace settings
 * (a warning when R+W<=N), whether frames are signed, and a warning when it has no way to meet
 * peers. Logged under {@link CounterNode}'s name, where operators look for them.
 */
final class StartLines {
    private static final Logger log = LoggerFactory.getLogger(CounterNode.class);

    private StartLines() {}

    static void log(NodeConfig config, CounterStore store, int httpPort, int keysHeld) {
        NodeAddress self = config.address();
        PNCounter state = store.current();
        // Where the WAL is and what it held is the line logged when it was opened.
        String storage = store.persistent() ? "WAL fsync " + (config.storage().fsync() ? "on" : "off") : "no WAL";
        log.info(
                "{}: started as replica {} (node id {}); HTTP on {}:{}; discovery {}; seeds {}; sync {}, max peers {};"
                        + " {}; counter {} (version {})",
                self,
                store.self(),
                config.member().election().nodeId(),
                config.http().bind(),
                httpPort,
                config.discovery().map(NodeAddress::toString).orElse("none"),
                config.seeds(),
                GoDuration.format(config.member().gossip().syncInterval()),
                config.member().gossip().maxPeers(),
                storage,
                state.value(),
                state.version());
        if (!config.member().chaos().none()) {
            log.warn(
                    "{}: chaos mode: {}; seed {} (the same seed gives the same fault decisions)",
                    self,
                    config.member().chaos(),
                    config.member().chaosSeed());
        } else {
            log.info(
                    "{}: chaos seed {} (faults set later through /admin/chaos draw from it; --chaos-seed repeats it)",
                    self,
                    config.member().chaosSeed());
        }
        logKeyspace(self, config.member().keyspace(), keysHeld);
        logAuthentication(self, config);
        if (config.discovery().isEmpty() && config.seeds().isEmpty()) {
            log.warn("{}: no discovery server and no seeds: this node will only meet peers that contact it", self);
        }
    }

    /** One line at start: the keyspace's settings, a warning when reads may miss acknowledged writes. */
    private static void logKeyspace(NodeAddress self, KeyspaceConfig keyspace, int keysHeld) {
        String settings = "N=" + keyspace.replicas() + " R=" + keyspace.readQuorum() + " W=" + keyspace.writeQuorum()
                + ", " + keyspace.vnodes() + " virtual nodes per member"
                + (keyspace.sloppyQuorum() ? ", sloppy quorum (writes go to stand-ins while replicas are down)" : "");
        if (keyspace.quorumsOverlap()) {
            log.info("{}: keyspace {}; {} key(s) held here", self, settings, keysHeld);
        } else {
            log.warn(
                    "{}: keyspace {}: R+W<=N, so a read may miss a write acknowledged before it started, and a"
                            + " write may lose to an older one; use R+W>N for read-your-writes",
                    self,
                    settings);
        }
    }

    /** One line at start: which key signs, or a warning that nothing does. */
    private static void logAuthentication(NodeAddress self, NodeConfig config) {
        if (config.clusterKey().isPresent()) {
            log.info(
                    "{}: frames and discovery requests are authenticated with cluster key {} (HMAC-SHA256)",
                    self,
                    config.clusterKey().get().fingerprint());
        } else {
            log.warn(
                    "{}: frames are NOT authenticated: anyone who can reach {} can change the counter and the"
                            + " membership; give every node and the discovery server the same key with"
                            + " --cluster-key-file FILE (or {}=FILE); make one with: java -jar cluster-tool.jar"
                            + " keys generate FILE",
                    self,
                    self,
                    ClusterKeyFile.ENVIRONMENT_VARIABLE);
        }
    }
}
