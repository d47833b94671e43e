package dev.distcounter.node.membership;

import dev.distcounter.common.NodeAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Which peers of one discovery reply a node takes. Anyone can register any address at the
 * discovery server, and every peer a node takes costs it a connection (and its thread) to that
 * address, so a node takes every listed peer it already knows, and new ones only up to a cap on
 * its members: at most {@link #MAX_NEW_PER_REPLY} per reply, picked at random (an attacker's
 * names sort first), and none once it has {@link #MAX_MEMBERS} members. Peers heard from directly
 * and {@code --seeds} are not limited here.
 */
final class DiscoveredPeers {
    /** Members beyond which a node takes no new peer from discovery: far more than a cluster has. */
    static final int MAX_MEMBERS = 64;
    /** New peers taken from one reply, at most: a cluster that forms joins a few at a time. */
    static final int MAX_NEW_PER_REPLY = 16;

    /** What to take of one reply, and how many new peers were left out. */
    record Choice(List<NodeAddress> take, int ignored) {}

    private DiscoveredPeers() {}

    static Choice choose(List<NodeAddress> listed, Predicate<NodeAddress> known, int members, Random random) {
        List<NodeAddress> take = new ArrayList<>();
        List<NodeAddress> fresh = new ArrayList<>();
        for (NodeAddress peer : listed) {
            (known.test(peer) ? take : fresh).add(peer);
        }
        Collections.shuffle(fresh, random);
        int room = Math.max(0, Math.min(MAX_NEW_PER_REPLY, MAX_MEMBERS - members));
        int taken = Math.min(room, fresh.size());
        take.addAll(fresh.subList(0, taken));
        return new Choice(take, fresh.size() - taken);
    }
}
