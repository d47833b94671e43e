package dev.distcounter.node.replication;

import dev.distcounter.node.kv.Versioned;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One client read, from its round to its answer (docs/protocol.md, "A read"): ask all N replicas,
 * answer at R with the newest version once W replicas hold it ({@link ReadRound}), and repair
 * every replica that answers with an older one, late replies included. Scheduler thread only.
 */
final class KeyRead {
    private final KeyspaceConfig config;
    private final RingView ring;
    private final ReplicaChannel channel;
    private final Rounds rounds;
    private final KeyspaceMeters meters;

    KeyRead(KeyspaceConfig config, RingView ring, ReplicaChannel channel, Rounds rounds, KeyspaceMeters meters) {
        this.config = config;
        this.ring = ring;
        this.channel = channel;
        this.rounds = rounds;
        this.meters = meters;
    }

    void start(String key, int quorum, CompletableFuture<ReadResult> result) {
        List<String> replicas = ring.preferenceList(key, config.replicas());
        String owner = replicas.get(0);
        if (replicas.size() < quorum) {
            result.complete(ReadResult.noQuorum(
                    key,
                    owner,
                    "read quorum not reached: the ring has " + replicas.size() + " member(s), fewer than R=" + quorum));
            return;
        }
        ReadRound votes = new ReadRound(replicas, quorum, config.writeQuorum());
        Round round = new Round(rounds, replicas) {
            @Override
            void onRead(String node, Versioned held) {
                // Repairs go under the read's id: their acknowledgements count as holders.
                for (ReadRound.Repair repair : votes.onReply(node, held)) {
                    meters.repair();
                    channel.write(
                            repair.node(),
                            id(),
                            key,
                            repair.newest(),
                            ReplicaMessages.encode(new WriteRequest(id(), key, repair.newest())));
                }
                answerIfSettled();
            }

            @Override
            void onWrite(String node, WriteReply reply) {
                // Only a logged copy makes a holder: IN_MEMORY dies with its replica.
                if (reply.status() == WriteReply.Status.STORED || reply.status() == WriteReply.Status.HOLDS_NEWER) {
                    votes.onRepaired(node, reply.held());
                }
                answerIfSettled();
            }

            private void answerIfSettled() {
                if (!result.isDone() && votes.answerable()) {
                    Versioned newest = votes.newest();
                    result.complete(
                            newest == null || newest.deleted()
                                    ? ReadResult.notFound(
                                            key,
                                            newest == null
                                                    ? 0
                                                    : newest.version().counter(),
                                            owner)
                                    : ReadResult.found(
                                            key,
                                            newest.value(),
                                            newest.version().counter(),
                                            owner));
                }
                if (votes.allReplied() && result.isDone()) {
                    finish();
                }
            }

            @Override
            List<String> silent() {
                return votes.silent();
            }

            @Override
            void send(String node) {
                channel.read(node, id(), key);
            }

            @Override
            void timedOut() {
                String why = votes.quorumReached()
                        ? votes.holders() + " of W=" + config.writeQuorum()
                                + " replicas hold the newest version, and writing it back to more did not finish"
                        : votes.replies() + " of R=" + quorum + " replicas answered";
                result.complete(ReadResult.noQuorum(
                        key, owner, "read quorum not reached: " + why + " within " + millis(config.timeout())));
            }
        };
        round.start();
    }

    private static String millis(Duration d) {
        return d.toMillis() + " ms";
    }
}
