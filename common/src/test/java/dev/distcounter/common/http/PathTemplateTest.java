package dev.distcounter.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PathTemplateTest {
    @Test
    void aLiteralTemplateMatchesOnlyItself() {
        PathTemplate counter = PathTemplate.of("/counter");
        assertThat(counter.match("/counter")).contains(Map.of());
        assertThat(counter.match("/%63ounter")).as("compared decoded").contains(Map.of());
        assertThat(counter.match("/counter/")).isEmpty();
        assertThat(counter.match("/counters")).isEmpty();
        assertThat(counter.match("/")).isEmpty();
        assertThat(counter.match("/counter%2F")).isEmpty();
    }

    @Test
    void aParameterMatchesOneNonEmptySegmentDecoded() {
        PathTemplate get = PathTemplate.of("/kv/get/{key}");
        assertThat(get.match("/kv/get/user%2F1+2")).contains(Map.of("key", "user/1+2"));
        assertThat(get.match("/kv/get/")).isEmpty();
        assertThat(get.match("/kv/get")).isEmpty();
        assertThat(get.match("/kv/get/a/b")).isEmpty();
        assertThat(get.match("/kv/put/a")).isEmpty();
        assertThat(PathTemplate.of("/{a}/x/{b}").match("/1/x/2")).contains(Map.of("a", "1", "b", "2"));
    }

    @Test
    void escapesMustBeHexAndTheirBytesUtf8() {
        PathTemplate get = PathTemplate.of("/kv/get/{key}");
        assertThat(get.match("/kv/get/caf%C3%A9%20%E2%82%AC")).contains(Map.of("key", "café €"));
        assertThat(get.match("/kv/get/%F0%9F%98%80")).contains(Map.of("key", "\uD83D\uDE00"));
        for (String bad : new String[] {"/kv/get/%FF", "/kv/get/%C3", "/kv/get/%ED%A0%80", "/kv/get/%C0%AF"}) {
            assertThatThrownBy(() -> get.match(bad))
                    .as(bad)
                    .isInstanceOf(RequestRefusedException.class)
                    .hasMessage("bad path: its %-escaped bytes are not UTF-8");
        }
        assertThatThrownBy(() -> get.match("/kv/get/a%G1"))
                .hasMessage("bad path: \"%G1\" is not a %-escape of two hex digits");
        assertThatThrownBy(() -> get.match("/kv/get/a%4"))
                .hasMessage("bad path: \"%4\" is not a %-escape of two hex digits");
    }

    @Test
    void badTemplatesAreRefused() {
        assertThatThrownBy(() -> PathTemplate.of("counter")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PathTemplate.of("/{a}/{a}")).isInstanceOf(IllegalArgumentException.class);
        assertThat(PathTemplate.of("/kv/get/{key}")).hasToString("/kv/get/{key}");
    }
}
