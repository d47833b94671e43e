package dev.distcounter.discovery;

import dev.distcounter.common.auth.Keyring;
import dev.distcounter.common.auth.LiveKeyring;
import dev.distcounter.common.auth.RequestSignature;
import dev.distcounter.common.http.ImmediateHandler;
import dev.distcounter.common.http.Request;
import dev.distcounter.common.http.RequestRefusedException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a request through to its handler only when it is signed with a key of the server's
 * keyring ({@link RequestSignature}): otherwise 401 with the reason, one WARN line naming where
 * it came from, and one count in {@code discovery.requests.unauthenticated}. A server without a
 * key lets everything through, as before keys existed (a signature is then simply not read).
 * Checked in the handler, after the body is read, since the signature covers the body.
 */
final class SignedRequests {
    private static final Logger log = LoggerFactory.getLogger(SignedRequests.class);

    private final LiveKeyring keyring;
    private final Clock clock;
    private final DiscoveryMeters meters;

    SignedRequests(LiveKeyring keyring, Clock clock, DiscoveryMeters meters) {
        this.keyring = keyring;
        this.clock = clock;
        this.meters = meters;
    }

    /** {@code handler}, answering only signed requests. */
    ImmediateHandler required(ImmediateHandler handler) {
        return request -> {
            check(request);
            return handler.handle(request);
        };
    }

    private void check(Request request) {
        Keyring current = keyring.current();
        if (!current.keyed()) {
            return;
        }
        Optional<RequestSignature.Rejection> rejection = RequestSignature.check(
                current,
                request.header(RequestSignature.HEADER),
                request.method(),
                request.path(),
                request.body(),
                clock.millis());
        if (rejection.isPresent()) {
            meters.unauthenticated(rejection.get().reason());
            log.warn(
                    "refusing {} {} from {}: unauthenticated: {}",
                    request.method(),
                    request.path(),
                    request.remoteAddress(),
                    rejection.get().message());
            throw new RequestRefusedException(
                    401, "unauthenticated: " + rejection.get().message());
        }
    }
}
