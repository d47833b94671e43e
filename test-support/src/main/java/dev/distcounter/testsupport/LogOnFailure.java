package dev.distcounter.testsupport;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestWatcher;
import org.slf4j.LoggerFactory;

/**
 * Prints what a test logged, and only when it fails: a passing test's lines are forgotten, a
 * failing test's are printed after it, from {@link RecentLogLines}. Lines logged by a class's
 * {@code @BeforeAll} count towards its first test; a failing {@code @BeforeAll} or
 * {@code @AfterAll} prints what was logged until then. Registered for every test of a module
 * that depends on test-support, through junit.jupiter.extensions.autodetection.enabled (set in
 * the parent pom) and META-INF/services.
 */
public final class LogOnFailure implements BeforeAllCallback, TestWatcher, LifecycleMethodExecutionExceptionHandler {
    private final PrintStream out;

    public LogOnFailure() {
        this(System.out);
    }

    LogOnFailure(PrintStream out) {
        this.out = out;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // What the previous class logged after its last test (its @AfterAll) is not this class's.
        RecentLogLines.clear();
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        RecentLogLines.clear();
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        RecentLogLines.clear();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        print(context.getRequiredTestClass().getSimpleName() + " > " + context.getDisplayName());
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        print(context.getRequiredTestClass().getSimpleName() + " @BeforeAll");
        throw throwable;
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        print(context.getRequiredTestClass().getSimpleName() + " @AfterAll");
        throw throwable;
    }

    private void print(String what) {
        RecentLogLines.Lines lines = RecentLogLines.take();
        if (lines.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder();
        text.append("---- ").append(what).append(" failed; what it logged");
        if (lines.dropped() > 0) {
            text.append(" (the last ").append(lines.kept().size()).append(" lines)");
        }
        logFile().ifPresent(file -> text.append(", every line in ").append(file));
        text.append(':').append(System.lineSeparator());
        lines.kept().forEach(text::append);
        text.append("---- end of the log of ").append(what).append(System.lineSeparator());
        out.print(text);
        out.flush();
    }

    /** The file logback-test.xml's file appender writes to, if logback is the SLF4J provider. */
    private static Optional<Path> logFile() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return Optional.empty();
        }
        Iterator<Appender<ILoggingEvent>> appenders =
                context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
        while (appenders.hasNext()) {
            if (appenders.next() instanceof FileAppender<ILoggingEvent> file) {
                return Optional.of(Path.of(file.getFile()).toAbsolutePath().normalize());
            }
        }
        return Optional.empty();
    }
}
