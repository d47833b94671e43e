package dev.distcounter.testsupport;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.net.URL;

/**
 * Configures logback in every JVM that has test-support on its class path, from
 * test-logback.xml beside this class: logs to a file under target/, nothing to the console.
 * Found by logback through META-INF/services before it looks for logback-test.xml or
 * logback.xml, so neither a jar's logback.xml (the node's, on the e2e tests' class path) nor a
 * logback-test.xml left in an old target/test-classes takes its place. A
 * {@code -Dlogback.configurationFile} given on purpose still wins.
 */
public final class TestLogConfiguration extends ContextAwareBase implements Configurator {
    static final String CONFIG = "test-logback.xml";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        URL config = TestLogConfiguration.class.getResource(CONFIG);
        if (config == null) {
            addError(CONFIG + " is missing beside " + TestLogConfiguration.class.getName());
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(context);
        try {
            joran.doConfigure(config);
        } catch (JoranException e) {
            addError("cannot configure logback from " + config, e);
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
