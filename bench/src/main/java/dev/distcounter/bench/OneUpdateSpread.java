package dev.distcounter.bench;

import dev.distcounter.node.gossip.GossipConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of the growth experiment: a fresh {@link SimulatedCluster}, one increment on node 0,
 * then virtual time in 1 ms steps until every node holds the new value.
 *
 * <p>All nodes start at the same virtual instant, so their anti-entropy rounds are aligned: a
 * round is a synchronous step, as in the textbook epidemic model that log2(N) comes from. The
 * increment falls half a sync interval after the start, between two rounds, so a push has the
 * room to finish before the next round and anti-entropy alone gets whole rounds.
 */
final class OneUpdateSpread {
    private OneUpdateSpread() {}

    /**
     * What one run measured.
     *
     * @param converged   every node held the value within the patience
     * @param rounds      anti-entropy rounds run (by each node) from the increment until all held it
     * @param millisToAll virtual time from the increment until all held it
     * @param pulls       PULL frames sent by all nodes in that time
     * @param pushes      PUSH frames (pushes and answers to PULLs) sent by all nodes in that time
     * @param buildMillis real time to build and start the cluster
     * @param spreadMillis real time to simulate the spread
     * @param withheld    membership frames withheld during the whole run (see {@link GossipOnlyTransport})
     */
    record Result(
            boolean converged,
            long rounds,
            long millisToAll,
            long pulls,
            long pushes,
            long buildMillis,
            long spreadMillis,
            long withheld) {
        long gossipFrames() {
            return pulls + pushes;
        }
    }

    static Result measure(int size, GossipConfig gossip, long seed, int patienceRounds) {
        long buildStart = System.nanoTime();
        try (SimulatedCluster cluster = new SimulatedCluster(size, gossip, seed)) {
            long syncMillis = gossip.syncInterval().toMillis();
            cluster.runFor(Duration.ofMillis(syncMillis / 2));
            long spreadStart = System.nanoTime();
            long buildMillis = (spreadStart - buildStart) / 1_000_000;

            long roundsBefore = cluster.member(0).gossiper().meters().rounds();
            long pullsBefore = cluster.pullsSent();
            long pushesBefore = cluster.pushesSent();
            long at = cluster.nowMillis();
            cluster.member(0).add(1);

            List<Integer> without = new ArrayList<>(size);
            for (int i = 1; i < size; i++) {
                without.add(i);
            }
            long deadline = at + patienceRounds * syncMillis;
            while (!without.isEmpty() && cluster.nowMillis() < deadline) {
                cluster.runFor(Duration.ofMillis(1));
                // A node that holds the value keeps it: only this one increment ever happens.
                without.removeIf(i -> cluster.member(i).state().value() == 1);
            }
            return new Result(
                    without.isEmpty(),
                    cluster.member(0).gossiper().meters().rounds() - roundsBefore,
                    cluster.nowMillis() - at,
                    cluster.pullsSent() - pullsBefore,
                    cluster.pushesSent() - pushesBefore,
                    buildMillis,
                    (System.nanoTime() - spreadStart) / 1_000_000,
                    cluster.membershipFramesWithheld());
        }
    }
}
