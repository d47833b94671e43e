package dev.distcounter.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClusterHostsTest {
    private final ClusterHosts hosts = ClusterHosts.of(List.of("10.0.0.7:9000", "Node-B.lan:9001", "not an address"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "http://10.0.0.7:8010, true",
        "http://node-b.lan:8011, true",
        "http://localhost:8010, true",
        "http://127.0.0.1, true",
        "'http://[::1]:8010', true",
        "https://10.0.0.7:8010, false",
        "http://10.0.0.8:8010, false",
        "http://evil.example, false",
        "http://10.0.0.7.evil.example:8010, false",
        "http://10.0.0.7:8010/path, false",
        "null, false",
        "'not a url', false",
    })
    void aPageOfAClusterHostIsAllowed(String origin, boolean allowed) {
        assertThat(hosts.allowsOrigin(origin)).isEqualTo(allowed);
    }

    @Property
    void anyPortOfAMembersHostAndNoOtherHost(
            @ForAll @IntRange(min = 1, max = 65535) int port,
            @ForAll @AlphaChars @StringLength(min = 1, max = 12) String name) {
        assertThat(hosts.allowsOrigin("http://10.0.0.7:" + port)).isTrue();
        assertThat(hosts.allowsOrigin("http://" + name + ".example:" + port)).isFalse();
    }

    @ParameterizedTest(name = "Sec-Fetch-Site {0}, Origin {1}, Host {2} -> refused {3}")
    @CsvSource({
        ",,, false",
        ",, 127.0.0.1:8010, false",
        "same-origin, http://127.0.0.1:8010, 127.0.0.1:8010, false",
        "none,, 127.0.0.1:8010, false",
        "cross-site, http://evil.example, 127.0.0.1:8010, true",
        "same-site, http://127.0.0.1:8011, 127.0.0.1:8010, true",
        ", http://evil.example, 127.0.0.1:8010, true",
        ", null, 127.0.0.1:8010, true",
        ", http://127.0.0.1:8010,, true",
    })
    void browsersArePlacedByTheirHeaders(String secFetchSite, String origin, String host, boolean refused) {
        assertThat(BrowserOriginGuard.refuses(secFetchSite, origin, host)).isEqualTo(refused);
    }
}
