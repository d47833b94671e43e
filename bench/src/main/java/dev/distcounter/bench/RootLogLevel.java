package dev.distcounter.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets the level of the root logger. The node's code logs every new peer and snapshot at INFO:
 * a 1,000-node simulation would print a million lines, and the measurement programs keep
 * stdout for their tables (the same programmatic switch as the node's {@code --log-level}).
 */
final class RootLogLevel {
    private RootLogLevel() {}

    static void set(Level level) {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(level);
    }
}
