package dev.distcounter.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.common.NodeAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PeerRegistryTest {
    private static final Instant T0 = Instant.parse("2026-11-21T05:00:00.123Z");
    private static final NodeAddress A = NodeAddress.parse("localhost:9001");
    private static final NodeAddress B = NodeAddress.parse("localhost:9002");
    private static final NodeAddress C = NodeAddress.parse("localhost:9003");

    private final FakeClock clock = new FakeClock(T0);

    private PeerRegistry registry(String cleanup) {
        return new PeerRegistry(Duration.parse(cleanup), clock);
    }

    @ParameterizedTest(name = "heard at 0, cleanup {0}, asked {1} later -> live={2}")
    @CsvSource({
        "PT5S, PT0S,        true",
        "PT5S, PT4.999S,    true",
        "PT5S, PT5S,        true", // boundary: dropped only once the silence exceeds the interval
        "PT5S, PT5.000001S, false",
        "PT5S, PT10S,       false",
        "PT0.3S, PT0.3S,    true",
        "PT0.3S, PT0.301S,  false",
        "PT5S, PT-1S,       true", // clock stepped backwards
    })
    void expiry(String cleanup, String askedAfter, boolean live) {
        PeerRegistry registry = registry(cleanup);
        registry.register(A);
        clock.advance(Duration.parse(askedAfter));

        assertThat(registry.livePeers())
                .extracting(Peer::addr)
                .containsExactlyElementsOf(live ? List.of(A) : List.of());
        assertThat(registry.liveCount()).isEqualTo(live ? 1 : 0);
        List<DroppedPeer> dropped = registry.expire();
        if (live) {
            assertThat(dropped).isEmpty();
        } else {
            assertThat(dropped).containsExactly(new DroppedPeer(A, Duration.parse(askedAfter)));
        }
        // expire() changes what is stored, never what a reader sees.
        assertThat(registry.livePeers())
                .extracting(Peer::addr)
                .containsExactlyElementsOf(live ? List.of(A) : List.of());
    }

    @Test
    void expireKeepsLivePeersAndReportsOnlyTheSilentOnes() {
        PeerRegistry registry = registry("PT5S");
        registry.register(A);
        clock.advance(Duration.ofSeconds(3));
        registry.register(B);
        clock.advance(Duration.ofSeconds(3));

        assertThat(registry.expire()).containsExactly(new DroppedPeer(A, Duration.ofSeconds(6)));
        assertThat(registry.expire()).isEmpty();
        assertThat(registry.livePeers()).containsExactly(new Peer(B, T0.plusSeconds(3)));
    }

    @Test
    void heartbeatFromUnknownAddressRegistersIt() {
        PeerRegistry registry = registry("PT5S");

        RegistryUpdate first = registry.heartbeat(A);
        RegistryUpdate second = registry.heartbeat(A);

        assertThat(first).isEqualTo(new RegistryUpdate(false, 1));
        assertThat(second).isEqualTo(new RegistryUpdate(true, 1));
        assertThat(registry.livePeers()).containsExactly(new Peer(A, T0));
    }

    @Test
    void heartbeatAfterExpiryCountsAsUnknown() {
        PeerRegistry registry = registry("PT5S");
        registry.register(A);
        clock.advance(Duration.ofSeconds(6));

        assertThat(registry.heartbeat(A)).isEqualTo(new RegistryUpdate(false, 1));
        assertThat(registry.livePeers()).containsExactly(new Peer(A, T0.plusSeconds(6)));
    }

    @Test
    void reRegisterRefreshesLastSeen() {
        PeerRegistry registry = registry("PT5S");
        registry.register(A);
        clock.advance(Duration.ofSeconds(4));

        assertThat(registry.register(A)).isEqualTo(new RegistryUpdate(true, 1));
        clock.advance(Duration.ofSeconds(4));

        assertThat(registry.livePeers()).containsExactly(new Peer(A, T0.plusSeconds(4)));
        assertThat(registry.expire()).isEmpty();
    }

    @Test
    void deregisterRemovesAndIsIdempotent() {
        PeerRegistry registry = registry("PT5S");
        registry.register(A);
        registry.register(B);

        assertThat(registry.deregister(A)).isEqualTo(new RegistryUpdate(true, 1));
        assertThat(registry.deregister(A)).isEqualTo(new RegistryUpdate(false, 1));
        assertThat(registry.deregister(C)).isEqualTo(new RegistryUpdate(false, 1));
        assertThat(registry.livePeers()).extracting(Peer::addr).containsExactly(B);
    }

    @Test
    void livePeersAreSortedByAddressText() {
        PeerRegistry registry = registry("PT5S");
        List<String> registered =
                List.of("node-b:9000", "localhost:9003", "localhost:10000", "localhost:9001", "[::1]:9000");
        registered.forEach(addr -> registry.register(NodeAddress.parse(addr)));

        assertThat(registry.livePeers())
                .extracting(peer -> peer.addr().toString())
                .containsExactly("[::1]:9000", "localhost:10000", "localhost:9001", "localhost:9003", "node-b:9000");
    }

    @Test
    void countsOnlyLivePeers() {
        PeerRegistry registry = registry("PT5S");
        registry.register(A);
        clock.advance(Duration.ofSeconds(6));

        assertThat(registry.register(B)).isEqualTo(new RegistryUpdate(false, 1));
        assertThat(registry.register(C)).isEqualTo(new RegistryUpdate(false, 2));
    }
}
