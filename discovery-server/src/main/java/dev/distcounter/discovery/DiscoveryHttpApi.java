package dev.distcounter.discovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.distcounter.common.Contracts;
import dev.distcounter.common.Json;
import dev.distcounter.common.LimitWarning;
import dev.distcounter.common.NodeAddress;
import dev.distcounter.common.auth.LiveKeyring;
import dev.distcounter.common.http.Reply;
import dev.distcounter.common.http.Request;
import dev.distcounter.common.http.RequestRefusedException;
import dev.distcounter.common.http.Route;
import dev.distcounter.common.http.Routes;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The discovery server's HTTP endpoints:
 * <pre>
 * POST /register   {"addr":"host:port"}  -> 200 {"addr":"host:port","peers":n}
 * POST /heartbeat  {"addr":"host:port"}  -> 200 {"addr":"host:port","peers":n}  (registers unknown addresses)
 * POST /deregister {"addr":"host:port"}  -> 200 {"addr":"host:port","peers":n}  (idempotent)
 * GET  /peers                            -> 200 [{"addr":"host:port","lastSeen":"...Z"}, ...] by addr
 * GET  /health                           -> 200 OK
 * </pre>
 * The 200s are JSON whatever the client accepts ({@code /health} is text). Anything else gets a
 * 4xx status and a one-line plain-text reason ({@code {"error":...}} when JSON is asked for); a
 * bug answers 500 "internal error". Registrations, heartbeats and deregistrations are counted in
 * {@link DiscoveryMeters}. With a cluster key the first four need a signed request
 * ({@link SignedRequests}): 401 otherwise.
 */
final class DiscoveryHttpApi {
    private static final Logger log = LoggerFactory.getLogger(DiscoveryHttpApi.class);
    private static final String EXPECTED_BODY = "expected {\"addr\":\"host:port\"}";

    private final PeerRegistry registry;
    private final DiscoveryMeters meters;
    private final SignedRequests signed;
    private final LimitWarning fullWarning = new LimitWarning(log, Duration.ofSeconds(10));

    /** Without a key: every request is answered, signed or not. */
    DiscoveryHttpApi(PeerRegistry registry, DiscoveryMeters meters) {
        this(registry, meters, LiveKeyring.unkeyed("discovery"), Clock.systemUTC());
    }

    /** {@code keyring}: requests must be signed with one of its keys, unless it has none. */
    DiscoveryHttpApi(PeerRegistry registry, DiscoveryMeters meters, LiveKeyring keyring, Clock clock) {
        this.registry = Contracts.checkNotNull(registry, "registry");
        this.meters = Contracts.checkNotNull(meters, "meters");
        this.signed = new SignedRequests(keyring, clock, meters);
    }

    /** The endpoints, for a {@code RoutedHttpServer}. */
    public Routes routes() {
        return Routes.answeringUnknownPaths(path ->
                        "not found: " + path + " (endpoints: /register, /heartbeat, /deregister, /peers, /health)")
                .withInternalErrorReason(failure -> "internal error")
                .with(Route.at("/register").on("POST", signed.required(this::register)))
                .with(Route.at("/heartbeat").on("POST", signed.required(this::heartbeat)))
                .with(Route.at("/deregister").on("POST", signed.required(this::deregister)))
                .with(Route.at("/peers").on("GET", signed.required(request -> peers())))
                .with(Route.at("/health").on("GET", request -> Reply.text(200, "OK")));
    }

    private Reply register(Request request) {
        NodeAddress addr = newAddress(request);
        RegistryUpdate update = admit(() -> registry.register(addr), addr);
        meters.registered();
        if (update.wasKnown()) {
            log.debug("re-registered {}", addr);
        } else {
            log.info("registered {} ({} live)", addr, update.livePeers());
        }
        return membership(addr, update);
    }

    private Reply heartbeat(Request request) {
        NodeAddress addr = newAddress(request);
        RegistryUpdate update = admit(() -> registry.heartbeat(addr), addr);
        meters.heartbeat();
        if (update.wasKnown()) {
            log.trace("heartbeat from {}", addr);
        } else {
            log.info("heartbeat from unknown {}: registered it ({} live)", addr, update.livePeers());
        }
        return membership(addr, update);
    }

    private Reply deregister(Request request) {
        NodeAddress addr = address(request);
        RegistryUpdate update = registry.deregister(addr);
        if (update.wasKnown()) {
            meters.deregistered();
            log.info("deregistered {} ({} live)", addr, update.livePeers());
        } else {
            log.debug("deregister of unknown {}", addr);
        }
        return membership(addr, update);
    }

    private Reply peers() {
        List<PeerListing> peers =
                registry.livePeers().stream().map(PeerListing::of).toList();
        return Reply.json(200, peers);
    }

    /**
     * The address of a register or heartbeat: valid, and its host resolves, unless it is live
     * already (a heartbeat of a known node costs no lookup). A refusal is counted.
     */
    private NodeAddress newAddress(Request request) {
        try {
            NodeAddress addr = address(request);
            return registry.isLive(addr) ? addr : ResolvableAddress.check(addr);
        } catch (RequestRefusedException e) {
            meters.refusedInvalid();
            throw e;
        }
    }

    /** Registers (or refreshes) {@code addr}; a full registry is a 429 with a one-line reason, counted. */
    private RegistryUpdate admit(Supplier<RegistryUpdate> update, NodeAddress addr) {
        try {
            return update.get();
        } catch (RegistryFullException e) {
            meters.refusedFull();
            fullWarning.hit(n -> "registry full (" + e.maxPeers() + " nodes, --max-nodes): refused " + n
                    + " new address(es), the last " + addr);
            throw new RequestRefusedException(
                    429, e.getMessage() + "; " + addr + " is not registered (a node listed now must expire first)");
        }
    }

    private static Reply membership(NodeAddress addr, RegistryUpdate update) {
        return Reply.json(200, new MembershipReply(addr.toString(), update.livePeers()));
    }

    /** The address in an {@code {"addr":"host:port"}} body; anything else is refused with a 400. */
    private static NodeAddress address(Request request) {
        byte[] body = request.body();
        if (body.length == 0) {
            throw RequestRefusedException.badRequest("empty request body; " + EXPECTED_BODY);
        }
        AddressMessage message;
        try {
            message = Json.MAPPER.readValue(body, AddressMessage.class);
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            throw RequestRefusedException.badRequest("invalid JSON: " + detail + "; " + EXPECTED_BODY);
        }
        if (message == null || message.addr() == null) {
            throw RequestRefusedException.badRequest("missing \"addr\"; " + EXPECTED_BODY);
        }
        try {
            return NodeAddress.parse(message.addr());
        } catch (IllegalArgumentException e) {
            throw RequestRefusedException.badRequest(e.getMessage());
        }
    }
}
