package dev.distcounter.discovery;

import dev.distcounter.common.GoFlagSyntax;
import dev.distcounter.common.PortInUseException;
import dev.distcounter.common.auth.ClusterKey;
import dev.distcounter.common.auth.ClusterKeyFile;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code discovery-server} command line: reads the flags, then runs a server until the process is stopped. */
@Command(
        name = "discovery-server",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersion.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        // picocli's default too; stated because scripts rely on 2 meaning "bad command line".
        exitCodeOnInvalidInput = 2,
        description = "Keeps the list of live counter nodes. Nodes register, send heartbeats and ask for "
                + "their peers; a node not heard from within the cleanup interval is dropped. "
                + "Go-style single-dash flags (-port=8000) work too.",
        footerHeading = "%nEndpoints (JSON body {\"addr\":\"host:port\"} on the POSTs):%n",
        footer = {
            "  POST /register     add a node or refresh it",
            "  POST /heartbeat    refresh a node; registers one it does not know",
            "  POST /deregister   remove a node",
            "  GET  /peers        live nodes, [{\"addr\":...,\"lastSeen\":...}] sorted by addr",
            "  GET  /health       OK",
            "  GET  /metrics      the server's meters, Prometheus text format",
            "  GET  /admin/keys   the cluster keys' fingerprints; POST /admin/keys/install|use|remove rotates"
                    + " them (loopback only)",
            "With --cluster-key-file the first four need an X-Cluster-Auth signature (401 without).",
            "%nExit codes: 0 help, version or stopped by a signal; 1 could not start;",
            "2 bad command line."
        })
public final class DiscoveryCommand implements Callable<Integer> {
    @Option(
            names = "--port",
            defaultValue = "" + DiscoveryConfig.DEFAULT_PORT,
            paramLabel = "PORT",
            converter = PortConverter.class,
            description = "HTTP port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(
            names = "--cleanup",
            defaultValue = "5s",
            paramLabel = "DURATION",
            converter = GoDurationConverter.class,
            description =
                    "Drop nodes not heard from for this long, Go syntax: 500ms, 5s, 1m30s (default: ${DEFAULT-VALUE}).")
    private Duration cleanup;

    @Option(
            names = "--bind",
            defaultValue = "0.0.0.0",
            paramLabel = "HOST",
            description = "Interface to listen on; 0.0.0.0 means all (default: ${DEFAULT-VALUE}).")
    private String bind;

    @Option(
            names = "--max-nodes",
            defaultValue = "" + PeerRegistry.DEFAULT_MAX_PEERS,
            paramLabel = "N",
            description =
                    "Most nodes listed at once; a new address beyond is refused with 429 (default: ${DEFAULT-VALUE}).")
    private int maxNodes;

    @Option(
            names = "--log-level",
            defaultValue = "INFO",
            paramLabel = "LEVEL",
            description = "One of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private LogLevel logLevel;

    @Option(
            names = "--cluster-key-file",
            paramLabel = "FILE",
            defaultValue = "${env:" + ClusterKeyFile.ENVIRONMENT_VARIABLE + "}",
            description = "The cluster key: /register, /heartbeat, /deregister and /peers then need a request signed"
                    + " with it (X-Cluster-Auth), else 401. One line, 32 random bytes in base64. Default: the file"
                    + " named by $" + ClusterKeyFile.ENVIRONMENT_VARIABLE + "; without either, requests are not"
                    + " authenticated.")
    private String clusterKeyFile;

    @Spec
    private CommandSpec spec;

    /** A command line for this command with the settings both {@link DiscoveryMain} and {@link #parse} need. */
    public static CommandLine newCommandLine() {
        CommandLine commandLine = new CommandLine(new DiscoveryCommand());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }

    /** Rewrites the original's {@code -port=8000} spelling of this command's long options to {@code --port=8000}. */
    public static String[] goStyle(CommandLine commandLine, String[] args) {
        Set<String> longOptions = commandLine.getCommandSpec().options().stream()
                .flatMap(option -> Arrays.stream(option.names()))
                .filter(name -> name.startsWith("--"))
                .collect(Collectors.toUnmodifiableSet());
        return GoFlagSyntax.normalize(args, longOptions);
    }

    /**
     * Reads a command line into a configuration without starting anything; throws picocli's
     * {@link CommandLine.ParameterException} for a bad one.
     */
    public static DiscoveryConfig parse(String... args) {
        CommandLine commandLine = newCommandLine();
        commandLine.parseArgs(goStyle(commandLine, args));
        return ((DiscoveryCommand) commandLine.getCommand()).config();
    }

    /** The configuration; an unusable {@code --cluster-key-file} is a usage error (exit 2). */
    public DiscoveryConfig config() {
        if (maxNodes < 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--max-nodes must be at least 1, not " + maxNodes);
        }
        Optional<ClusterKey> key = Optional.empty();
        if (clusterKeyFile != null && !clusterKeyFile.isBlank()) {
            try {
                key = Optional.of(ClusterKeyFile.read(Path.of(clusterKeyFile)));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--cluster-key-file: " + e.getMessage());
            }
        }
        return new DiscoveryConfig(bind, port, cleanup, logLevel, maxNodes, key);
    }

    /** Serves until the process is stopped; returns 1 when the server cannot start. */
    @Override
    public Integer call() throws InterruptedException {
        DiscoveryConfig config = config();
        config.logLevel().apply();
        DiscoveryServer server =
                new DiscoveryServer(config, Clock.systemUTC(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        try {
            server.start();
        } catch (IOException e) {
            PrintWriter err = spec.commandLine().getErr();
            // A taken port says which port and flag; anything else (an address that is not
            // local, a port below 1024) says where it tried.
            err.println("discovery-server: "
                    + (e instanceof PortInUseException
                            ? e.getMessage()
                            : "cannot listen on " + config.bind() + ":" + config.port() + ": " + e.getMessage()));
            err.flush();
            server.close();
            return 1;
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            // A JVM stopped by SIGTERM exits 143 even after its hooks ran; stopping on request is
                            // the normal way this server ends, so report success. halt loses nothing: we register
                            // no other hook, and logback flushes every line as it is written.
                            Runtime.getRuntime().halt(0);
                        },
                        "discovery-shutdown"));
        server.awaitClose();
        return 0;
    }
}
