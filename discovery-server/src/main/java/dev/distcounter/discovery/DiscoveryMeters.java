package dev.distcounter.discovery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the discovery server did, as meters: registrations, heartbeats, deregistrations and
 * expiries, requests refused as unauthenticated, and the live peers now (read from the registry
 * when scraped). Thread-safe.
 */
final class DiscoveryMeters {
    private final MeterRegistry registry;
    private final Counter registrations;
    private final Counter heartbeats;
    private final Counter deregistrations;
    private final Counter expiries;
    private final Counter refusedFull;
    private final Counter refusedInvalid;

    DiscoveryMeters(MeterRegistry registry, PeerRegistry peers) {
        this.registry = registry;
        registrations = counter(registry, "discovery.registrations", "POST /register requests answered 200");
        heartbeats = counter(registry, "discovery.heartbeats", "POST /heartbeat requests answered 200");
        deregistrations = counter(registry, "discovery.deregistrations", "listed peers removed by POST /deregister");
        expiries = counter(registry, "discovery.expiries", "peers dropped by the cleanup: not heard from in time");
        refusedFull = Counter.builder("discovery.registrations.refused")
                .description("new addresses refused: the registry was full (--max-nodes), or the address was invalid")
                .tag("reason", "full")
                .register(registry);
        refusedInvalid = Counter.builder("discovery.registrations.refused")
                .description("new addresses refused: the registry was full (--max-nodes), or the address was invalid")
                .tag("reason", "invalid")
                .register(registry);
        Gauge.builder("discovery.peers", peers, PeerRegistry::liveCount)
                .description("live peers listed now")
                .strongReference(true)
                .register(registry);
    }

    private static Counter counter(MeterRegistry registry, String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    void registered() {
        registrations.increment();
    }

    void heartbeat() {
        heartbeats.increment();
    }

    void deregistered() {
        deregistrations.increment();
    }

    void refusedFull() {
        refusedFull.increment();
    }

    void refusedInvalid() {
        refusedInvalid.increment();
    }

    void expired(int peers) {
        expiries.increment(peers);
    }

    /** A request refused with 401 for {@code reason} (missing, malformed, unknown_key, stale, bad_mac). */
    void unauthenticated(String reason) {
        Counter.builder("discovery.requests.unauthenticated")
                .description("requests refused with 401: no valid X-Cluster-Auth signature under a key of the keyring")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }
}
