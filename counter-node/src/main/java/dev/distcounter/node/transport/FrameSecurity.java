package dev.distcounter.node.transport;

import dev.distcounter.common.auth.LiveKeyring;
import dev.distcounter.common.protocol.FrameAuthenticator;
import dev.distcounter.common.protocol.FrameCodec;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How a transport authenticates its frames: the process's keyring (signing with its primary,
 * accepting any of its keys), the clock it stamps frames with and checks their freshness against,
 * and how far apart the nodes' clocks may be. {@link #unkeyed()}: unsigned frames, as before
 * keys existed, and no freshness check (a stamp anyone can forge proves nothing).
 *
 * @param keyring the process's keys, read at every frame so that rotations apply at once
 * @param clock   wall-clock milliseconds ({@code System::currentTimeMillis}; virtual in simulations)
 * @param window  how far a frame's stamp may be from the receiver's clock
 */
public record FrameSecurity(LiveKeyring keyring, LongSupplier clock, Duration window) {
    /** No key: frames unsigned, stamps not checked. */
    public static FrameSecurity unkeyed() {
        return new FrameSecurity(
                LiveKeyring.unkeyed("transport"), System::currentTimeMillis, ReplayGuard.DEFAULT_WINDOW);
    }

    /** {@code keyring} on the system clock, with the default window of 30 s. */
    public static FrameSecurity of(LiveKeyring keyring) {
        return new FrameSecurity(keyring, System::currentTimeMillis, ReplayGuard.DEFAULT_WINDOW);
    }

    FrameCodec codec(int maxPayload) {
        return new FrameCodec(maxPayload, new FrameAuthenticator(keyring::current));
    }

    FrameStamper stamper() {
        return new FrameStamper(clock);
    }

    ReplayGuard replayGuard() {
        return new ReplayGuard(clock, window);
    }
}
