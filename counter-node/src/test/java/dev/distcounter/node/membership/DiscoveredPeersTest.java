package dev.distcounter.node.membership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.common.NodeAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DiscoveredPeersTest {
    static List<NodeAddress> fake(int n) {
        List<NodeAddress> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(new NodeAddress("fake-" + i, 20000 + i));
        }
        return list;
    }

    @Test
    void threeThousandListedPeersGiveAtMostSixteenNewOnesPerReply() {
        DiscoveredPeers.Choice c = DiscoveredPeers.choose(fake(3000), peer -> false, new Random(1));
        assertThat(c.take()).hasSize(DiscoveredPeers.MAX_NEW_PER_REPLY);
        assertThat(c.ignored()).isEqualTo(3000 - DiscoveredPeers.MAX_NEW_PER_REPLY);
    }

    @Test
    void knownPeersAreAlwaysTakenBesidesTheNewOnes() {
        List<NodeAddress> listed = fake(100);
        Set<NodeAddress> known = Set.copyOf(listed.subList(0, 5));
        DiscoveredPeers.Choice c = DiscoveredPeers.choose(listed, known::contains, new Random(1));
        assertThat(c.take()).containsAll(known).hasSize(5 + DiscoveredPeers.MAX_NEW_PER_REPLY);
        assertThat(c.ignored()).isEqualTo(95 - DiscoveredPeers.MAX_NEW_PER_REPLY);
    }

    @Test
    void aSmallClusterIsTakenWhole() {
        DiscoveredPeers.Choice c = DiscoveredPeers.choose(fake(4), peer -> false, new Random(1));
        assertThat(c.take()).hasSize(4);
        assertThat(c.ignored()).isZero();
    }
}
