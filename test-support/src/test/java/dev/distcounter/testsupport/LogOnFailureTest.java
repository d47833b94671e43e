package dev.distcounter.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LogOnFailureTest {
    @Test
    void onlyAFailingTestsOwnLinesArePrinted() {
        LauncherFactory.create()
                .execute(LauncherDiscoveryRequestBuilder.request()
                        .selectors(selectClass(TwoTests.class))
                        .build());

        String printed = TwoTests.OUT.toString(StandardCharsets.UTF_8);
        assertThat(printed)
                .contains("---- TwoTests > fails() failed; what it logged, every line in ")
                .contains("tests-")
                .contains("WARN  [main] LogOnFailureTest - logged by the failing test")
                .contains("---- end of the log of TwoTests > fails()")
                .doesNotContain("logged by the passing test");
    }

    @Test
    void theBufferKeepsTheLastLinesAndCountsTheRest() {
        RecentLogLines.clear();
        for (int i = 0; i < RecentLogLines.CAPACITY + 5; i++) {
            RecentLogLines.add("line " + i + "\n");
        }

        RecentLogLines.Lines lines = RecentLogLines.take();

        assertThat(lines.dropped()).isEqualTo(5);
        assertThat(lines.kept()).hasSize(RecentLogLines.CAPACITY).startsWith("line 5\n");
        assertThat(RecentLogLines.take().isEmpty()).isTrue();
    }

    /** Run by the test above through the launcher, not by surefire (a nested class is not a test class of its own). */
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class TwoTests {
        static final ByteArrayOutputStream OUT = new ByteArrayOutputStream();
        private static final Logger LOG = LoggerFactory.getLogger(LogOnFailureTest.class);

        @RegisterExtension
        static final LogOnFailure PRINTER = new LogOnFailure(new PrintStream(OUT, true, StandardCharsets.UTF_8));

        @Test
        @Order(1)
        void passes() {
            LOG.warn("logged by the passing test");
        }

        @Test
        @Order(2)
        void fails() {
            LOG.warn("logged by the failing test");
            fail("on purpose");
        }
    }
}
