package dev.distcounter.node.membership;

import dev.distcounter.common.NodeAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Which peers of one discovery reply a node takes. Anyone can register any address at the
 * discovery server, so a node takes every listed peer it already knows, and new ones at most
 * {@link #MAX_NEW_PER_REPLY} per reply, picked at random (an attacker's names sort first). What
 * it takes are hints, which the membership table bounds ({@link MemberCap}: at most a quarter of
 * {@code --max-members}) and which get no connection until heard from; no second cap on members
 * here, so a cluster larger than any fixed number still forms through discovery.
 */
final class DiscoveredPeers {
    /** New peers taken from one reply, at most: a cluster that forms joins a few at a time. */
    static final int MAX_NEW_PER_REPLY = 16;

    /** What to take of one reply, and how many new peers were left out. */
    record Choice(List<NodeAddress> take, int ignored) {}

    private DiscoveredPeers() {}

    static Choice choose(List<NodeAddress> listed, Predicate<NodeAddress> known, Random random) {
        List<NodeAddress> take = new ArrayList<>();
        List<NodeAddress> fresh = new ArrayList<>();
        for (NodeAddress peer : listed) {
            (known.test(peer) ? take : fresh).add(peer);
        }
        Collections.shuffle(fresh, random);
        int taken = Math.min(MAX_NEW_PER_REPLY, fresh.size());
        take.addAll(fresh.subList(0, taken));
        return new Choice(take, fresh.size() - taken);
    }
}
