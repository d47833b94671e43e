package dev.distcounter.discovery;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.distcounter.common.Contracts;
import dev.distcounter.common.Json;
import dev.distcounter.common.NodeAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The discovery server's HTTP endpoints, mounted on {@code /}:
 * <pre>
 * POST /register   {"addr":"host:port"}  -> 200 {"addr":"host:port","peers":n}
 * POST /heartbeat  {"addr":"host:port"}  -> 200 {"addr":"host:port","peers":n}  (registers unknown addresses)
 * POST /deregister {"addr":"host:port"}  -> 200 {"addr":"host:port","peers":n}  (idempotent)
 * GET  /peers                            -> 200 [{"addr":"host:port","lastSeen":"...Z"}, ...] by addr
 * GET  /health                           -> 200 OK
 * </pre>
 * Anything else gets a 4xx status and a one-line plain-text reason. Client input never throws
 * out of {@link #handle}: a request the API cannot serve is answered, and a bug answers 500.
 */
public final class DiscoveryHttpApi implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(DiscoveryHttpApi.class);

    /** Largest request body accepted; an address message is a few dozen bytes. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /**
     * How much of an oversized body is still read and thrown away before answering 413. Closing
     * a socket with unread bytes makes the kernel send a reset, which can destroy the 413 before
     * the client reads it; beyond this much the client is abusive and gets the reset.
     */
    private static final int MAX_DISCARDED_BYTES = 1024 * 1024;

    private static final int MAX_REASON_CHARS = 300;
    private static final String EXPECTED_BODY = "expected {\"addr\":\"host:port\"}";

    private final PeerRegistry registry;

    public DiscoveryHttpApi(PeerRegistry registry) {
        this.registry = Contracts.checkNotNull(registry, "registry");
    }

    @Override
    public void handle(HttpExchange exchange) {
        try (exchange) {
            try {
                route(exchange);
            } catch (RequestRejected rejected) {
                log.debug(
                        "{} {} -> {} {}",
                        exchange.getRequestMethod(),
                        exchange.getRequestURI(),
                        rejected.status(),
                        rejected.reason());
                rejected.headers().forEach(exchange.getResponseHeaders()::set);
                sendText(exchange, rejected.status(), rejected.reason());
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                log.warn("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                // Once the status line is out, the only honest thing left is to cut the response short.
                if (exchange.getResponseCode() == -1) {
                    sendText(exchange, 500, "internal error");
                }
            }
        } catch (IOException e) {
            // The client hung up or stalled; nothing to answer and nothing wrong on our side.
            log.debug(
                    "{} {}: connection lost: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
        }
    }

    private void route(HttpExchange exchange) throws IOException, RequestRejected {
        String path = exchange.getRequestURI().getPath();
        switch (path) {
            case "/register" -> {
                NodeAddress addr = readAddress(exchange, "POST");
                RegistryUpdate update = registry.register(addr);
                if (update.wasKnown()) {
                    log.debug("re-registered {}", addr);
                } else {
                    log.info("registered {} ({} live)", addr, update.livePeers());
                }
                sendMembership(exchange, addr, update);
            }
            case "/heartbeat" -> {
                NodeAddress addr = readAddress(exchange, "POST");
                RegistryUpdate update = registry.heartbeat(addr);
                if (update.wasKnown()) {
                    log.trace("heartbeat from {}", addr);
                } else {
                    log.info("heartbeat from unknown {}: registered it ({} live)", addr, update.livePeers());
                }
                sendMembership(exchange, addr, update);
            }
            case "/deregister" -> {
                NodeAddress addr = readAddress(exchange, "POST");
                RegistryUpdate update = registry.deregister(addr);
                if (update.wasKnown()) {
                    log.info("deregistered {} ({} live)", addr, update.livePeers());
                } else {
                    log.debug("deregister of unknown {}", addr);
                }
                sendMembership(exchange, addr, update);
            }
            case "/peers" -> {
                requireMethod(exchange, "GET");
                List<PeerListing> peers =
                        registry.livePeers().stream().map(PeerListing::of).toList();
                sendJson(exchange, peers);
            }
            case "/health" -> {
                requireMethod(exchange, "GET");
                sendText(exchange, 200, "OK");
            }
            default ->
                throw new RequestRejected(
                        404,
                        "not found: " + path + " (endpoints: /register, /heartbeat, /deregister, /peers, /health)");
        }
    }

    private static NodeAddress readAddress(HttpExchange exchange, String method) throws IOException, RequestRejected {
        requireMethod(exchange, method);
        byte[] body = readBody(exchange);
        if (body.length == 0) {
            throw new RequestRejected(400, "empty request body; " + EXPECTED_BODY);
        }
        AddressMessage message;
        try {
            message = Json.MAPPER.readValue(body, AddressMessage.class);
        } catch (IOException e) {
            String detail = e instanceof com.fasterxml.jackson.core.JsonProcessingException json
                    ? json.getOriginalMessage()
                    : e.getMessage();
            throw new RequestRejected(400, "invalid JSON: " + detail + "; " + EXPECTED_BODY);
        }
        if (message == null || message.addr() == null) {
            throw new RequestRejected(400, "missing \"addr\"; " + EXPECTED_BODY);
        }
        try {
            return NodeAddress.parse(message.addr());
        } catch (IllegalArgumentException e) {
            throw new RequestRejected(400, e.getMessage());
        }
    }

    private static void requireMethod(HttpExchange exchange, String method) throws RequestRejected {
        if (!exchange.getRequestMethod().equals(method)) {
            throw new RequestRejected(
                    405,
                    "method " + exchange.getRequestMethod() + " not allowed on "
                            + exchange.getRequestURI().getPath() + "; use " + method,
                    Map.of("Allow", method));
        }
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException, RequestRejected {
        InputStream in = exchange.getRequestBody();
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(chunk)) != -1) {
            total += n;
            if (total <= MAX_BODY_BYTES) {
                kept.write(chunk, 0, n);
            } else if (total > MAX_DISCARDED_BYTES) {
                break;
            }
        }
        if (total > MAX_BODY_BYTES) {
            Map<String, String> headers = total > MAX_DISCARDED_BYTES ? Map.of("Connection", "close") : Map.of();
            throw new RequestRejected(413, "request body larger than " + MAX_BODY_BYTES + " bytes", headers);
        }
        return kept.toByteArray();
    }

    private static void sendMembership(HttpExchange exchange, NodeAddress addr, RegistryUpdate update)
            throws IOException {
        sendJson(exchange, new MembershipReply(addr.toString(), update.livePeers()));
    }

    private static void sendJson(HttpExchange exchange, Object value) throws IOException {
        send(exchange, 200, "application/json", Json.MAPPER.writeValueAsBytes(value));
    }

    private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", (oneLine(text) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    /** Reasons quote client input, which may hold newlines or control characters; keep them one short line. */
    static String oneLine(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_REASON_CHARS + 3));
        for (int i = 0; i < text.length(); i++) {
            if (out.length() >= MAX_REASON_CHARS) {
                out.append("...");
                break;
            }
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        return out.toString().strip();
    }
}
