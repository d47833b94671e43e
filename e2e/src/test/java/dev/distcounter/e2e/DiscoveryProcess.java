package dev.distcounter.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The discovery server JVM on {@code 127.0.0.1:<port>}; restarts reuse the port. */
final class DiscoveryProcess extends JavaProcess {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final List<String> extraFlags;

    DiscoveryProcess(Path workDir, int port, List<String> extraFlags) {
        super("discovery", discoveryJar(), workDir);
        this.port = port;
        this.extraFlags = List.copyOf(extraFlags);
    }

    @Override
    protected List<String> programArguments() {
        List<String> args = new ArrayList<>();
        args.add("--port=" + port);
        args.add("--bind=127.0.0.1");
        args.addAll(extraFlags);
        return args;
    }

    int port() {
        return port;
    }

    /** The address nodes are given in --discovery. */
    String addr() {
        return "localhost:" + port;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @Override
    URI healthUri() {
        return uri("/health");
    }

    /** {@code GET /peers}: the registered addresses, in the server's order. */
    List<String> peers(CounterClient client) throws IOException, InterruptedException {
        HttpReply reply = client.get(uri("/peers"));
        if (reply.status() != 200) {
            throw new AssertionError("discovery GET /peers answered " + reply);
        }
        List<String> addrs = new ArrayList<>();
        for (JsonNode peer : JSON.readTree(reply.body())) {
            addrs.add(peer.get("addr").asText());
        }
        return addrs;
    }

    @Override
    public String toString() {
        return "discovery[127.0.0.1:" + port + "]";
    }
}
