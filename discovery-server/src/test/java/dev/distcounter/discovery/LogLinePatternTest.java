package dev.distcounter.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The server's log lines carry the date, as the node's do: a log kept for days stays readable. */
class LogLinePatternTest {

    @Test
    void aLogLineStartsWithTheDateAndTime() throws IOException {
        LoggerContext context = new LoggerContext();
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern(productionPattern());
        layout.start();
        Logger logger = context.getLogger(DiscoveryServer.class);
        LoggingEvent event = new LoggingEvent(
                Logger.class.getName(), logger, Level.INFO, "discovery server listening on {}", null, new Object[] {
                    "0.0.0.0:8000"
                });
        Instant at = LocalDateTime.of(2026, 11, 21, 7, 18, 29, 581_000_000)
                .atZone(ZoneId.systemDefault())
                .toInstant();
        event.setInstant(at);

        assertThat(layout.doLayout(event))
                .isEqualTo("2026-11-21 07:18:29.581 INFO  DiscoveryServer: discovery server listening on 0.0.0.0:8000"
                        + System.lineSeparator());
    }

    /** The pattern of src/main/resources/logback.xml (tests run with logback-test.xml instead). */
    private static String productionPattern() throws IOException {
        try (InputStream in = DiscoveryMain.class.getResourceAsStream("/logback.xml")) {
            assertThat(in).as("logback.xml on the class path").isNotNull();
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher pattern = Pattern.compile("<pattern>(.*)</pattern>").matcher(xml);
            assertThat(pattern.find()).as("a <pattern> in logback.xml").isTrue();
            return pattern.group(1);
        }
    }
}
