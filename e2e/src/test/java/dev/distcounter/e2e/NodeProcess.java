package dev.distcounter.e2e;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A counter node JVM: gossip on {@code localhost:<tcpPort>}, HTTP on {@code 127.0.0.1:<httpPort>},
 * its own WAL directory. Restarts reuse the ports, the flags and the WAL directory. A node can also
 * be run with a command line of its own ({@link #withArguments}), such as one of the README's.
 */
final class NodeProcess extends JavaProcess {
    private static final Pattern STARTED = Pattern.compile("started as replica (\\S+)#(\\d+)");

    private final int tcpPort;
    private final int httpPort;
    private final String discovery;
    private final Path walDir;
    private final List<String> extraFlags;
    /** The whole command line when it was given as is; null when this class makes it. */
    private final List<String> arguments;

    NodeProcess(String name, Path workDir, int tcpPort, int httpPort, String discovery, List<String> extraFlags) {
        super(name, counterNodeJar(), workDir);
        this.tcpPort = tcpPort;
        this.httpPort = httpPort;
        this.discovery = discovery;
        this.walDir = workDir.resolve(name + "-wal");
        this.extraFlags = List.copyOf(extraFlags);
        this.arguments = null;
    }

    private NodeProcess(String name, Path workDir, int tcpPort, int httpPort, List<String> arguments) {
        super(name, counterNodeJar(), workDir);
        this.tcpPort = tcpPort;
        this.httpPort = httpPort;
        this.discovery = "none";
        // The node's default, relative to its working directory.
        this.walDir = workDir.resolve("data/wal/node-" + tcpPort);
        this.extraFlags = List.of();
        this.arguments = List.copyOf(arguments);
    }

    /**
     * A node run with exactly {@code arguments}, which must make it gossip on {@code tcpPort} and
     * answer HTTP on 127.0.0.1:{@code httpPort}; its WAL goes where they say (by default
     * {@code data/wal/node-<tcpPort>} in the work directory).
     */
    static NodeProcess withArguments(String name, Path workDir, int tcpPort, int httpPort, List<String> arguments) {
        return new NodeProcess(name, workDir, tcpPort, httpPort, arguments);
    }

    @Override
    protected List<String> programArguments() {
        if (arguments != null) {
            return arguments;
        }
        List<String> args = new ArrayList<>();
        args.add("--addr=" + addr());
        args.add("--http-port=" + httpPort);
        args.add("--http-bind=127.0.0.1");
        args.add("--discovery=" + discovery);
        args.add("--wal-dir=" + walDir);
        if (extraFlags.stream().noneMatch(flag -> flag.startsWith("--admin-"))) {
            // Tests drive faults through /admin/chaos from this machine.
            args.add("--admin-loopback");
        }
        args.addAll(extraFlags);
        return args;
    }

    /** The gossip address, as the node registers it and peers list it. */
    String addr() {
        return "localhost:" + tcpPort;
    }

    int tcpPort() {
        return tcpPort;
    }

    int httpPort() {
        return httpPort;
    }

    Path walDir() {
        return walDir;
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + httpPort + pathAndQuery);
    }

    @Override
    URI healthUri() {
        return uri("/health");
    }

    /** The incarnation numbers of every "started as replica addr#n" line in the log, oldest first. */
    List<Long> replicaIncarnations() {
        List<Long> incarnations = new ArrayList<>();
        Matcher m = STARTED.matcher(log());
        while (m.find()) {
            if (m.group(1).equals(addr())) {
                incarnations.add(Long.parseLong(m.group(2)));
            }
        }
        return incarnations;
    }

    @Override
    public String toString() {
        return name() + "[" + addr() + ", http " + httpPort + "]";
    }
}
