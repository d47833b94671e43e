package dev.distcounter.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class GoFlagSyntaxTest {
    static final Set<String> KNOWN = Set.of("--addr", "--wal", "--sync");

    @Test
    void singleDashLongOptionsBecomeDoubleDash() {
        assertThat(GoFlagSyntax.normalize(new String[] {"-addr=localhost:9001", "-wal=false", "-sync", "1s"}, KNOWN))
                .containsExactly("--addr=localhost:9001", "--wal=false", "--sync", "1s");
    }

    @Test
    void everythingElseIsLeftAlone() {
        assertThat(GoFlagSyntax.normalize(
                        new String[] {"--addr=x", "-h", "-bogus=1", "value", "-5", "--", "-addr"}, KNOWN))
                .containsExactly("--addr=x", "-h", "-bogus=1", "value", "-5", "--", "-addr");
    }
}
