package dev.distcounter.tool.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distcounter.tool.UsageError;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterLayoutTest {
    private final ClusterLayout layout = new ClusterLayout(5, 8000, 9000, 8010, Path.of("/c"), Set.of(3));

    @Test
    void nodeIListensOnTheBasePortsPlusIMinusOne() {
        assertThat(layout.address(3)).isEqualTo("localhost:9002");
        assertThat(layout.nodeUrl(3)).hasToString("http://127.0.0.1:8012");
        assertThat(layout.discoveryUrl()).hasToString("http://127.0.0.1:8000");
        assertThat(layout.durable(3)).isFalse();
        assertThat(layout.durable(4)).isTrue();
    }

    @Test
    void aLeaderIsNamedByItsNodeNumberWhenItIsOneOfOurs() {
        assertThat(layout.describeNode("localhost:9004")).isEqualTo("node 5 (localhost:9004)");
        assertThat(layout.describeNode("127.0.0.1:9000")).isEqualTo("node 1 (127.0.0.1:9000)");
        assertThat(layout.describeNode("localhost:9005")).isEqualTo("localhost:9005");
        assertThat(layout.describeNode("otherhost:9001")).isEqualTo("otherhost:9001");
        assertThat(layout.describeNode(null)).isEqualTo("none");
        assertThat(layout.nodeAt("localhost:99999999999999999999")).isEmpty();
    }

    @Test
    void aClusterOfSeparateHostsIsReachedAtEachNodesOwnHost() {
        ClusterLayout hosts =
                separateHosts(new ClusterHosts(List.of("10.213.0.11", "10.213.0.12", "10.213.0.13"), "10.213.0.2"));

        assertThat(hosts.address(2)).isEqualTo("10.213.0.12:9001");
        assertThat(hosts.nodeUrl(2)).hasToString("http://10.213.0.12:8011");
        assertThat(hosts.discoveryUrl()).hasToString("http://10.213.0.2:8000");
        assertThat(hosts.describeNode("10.213.0.13:9002")).isEqualTo("node 3 (10.213.0.13:9002)");
        // a node's port at another node's host, or at loopback, is nobody of this cluster
        assertThat(hosts.nodeAt("10.213.0.11:9002")).isEmpty();
        assertThat(hosts.nodeAt("localhost:9000")).isEmpty();
        assertThat(hosts.nodeAt("10.213.0.11")).isEmpty();
    }

    @Test
    void separateHostsNameOneHostPerNodeAndTheDiscoveryServer() {
        assertThatThrownBy(() -> separateHosts(new ClusterHosts(List.of("a", "b"), "d")))
                .isInstanceOf(UsageError.class)
                .hasMessage("--node-hosts names 2 host(s) for 3 nodes");
        assertThatThrownBy(() -> ClusterHosts.of(List.of("a", "b", "c"), null))
                .isInstanceOf(UsageError.class)
                .hasMessageContaining("go together");
        assertThatThrownBy(() -> ClusterHosts.of(List.of(), "d"))
                .isInstanceOf(UsageError.class)
                .hasMessageContaining("go together");
        assertThatThrownBy(() -> ClusterHosts.of(List.of("a", "b/c", "d"), "e"))
                .isInstanceOf(UsageError.class)
                .hasMessage("--node-hosts: 'b/c' is not a host name or IPv4 address");
        assertThat(ClusterHosts.of(List.of(), null)).isEqualTo(ClusterHosts.LOOPBACK);
    }

    private static ClusterLayout separateHosts(ClusterHosts hosts) {
        return new ClusterLayout(3, 8000, 9000, 8010, Path.of("/c"), Set.of(), Optional.empty(), hosts);
    }

    @Test
    void nodeNumbersFromTheCommandLine() {
        assertThat(layout.parseNode("5")).isEqualTo(5);
        assertThat(layout.parseNode("005")).isEqualTo(5);
        for (String bad : new String[] {"0", "6", "", "x", "-1", "+1", "99999999999"}) {
            assertThatThrownBy(() -> layout.parseNode(bad))
                    .as(bad)
                    .isInstanceOf(UsageError.class)
                    .hasMessage("Invalid node number '" + bad + "': expected 1..5");
        }
    }
}
