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
    void badTemplatesAreRefused() {
        assertThatThrownBy(() -> PathTemplate.of("counter")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PathTemplate.of("/{a}/{a}")).isInstanceOf(IllegalArgumentException.class);
        assertThat(PathTemplate.of("/kv/get/{key}")).hasToString("/kv/get/{key}");
    }
}
