package dev.distcounter.discovery;

import ch.qos.logback.classic.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The levels {@code --log-level} accepts. */
public enum LogLevel {
    ERROR,
    WARN,
    INFO,
    DEBUG,
    TRACE;

    /** Sets the root logger's level, overriding logback.xml. */
    public void apply() {
        // SLF4J hides levels behind its facade; only the backend can change them. Another
        // backend on the class path (not ours, but possible when embedded) keeps its own setting.
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(Level.toLevel(name()));
        }
    }
}
