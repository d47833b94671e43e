package dev.distcounter.common;

import java.io.IOException;
import java.net.BindException;
import java.util.Locale;
import java.util.Optional;

/**
 * A port this process was told to listen on is held by another process, named by the port and
 * the flag that chose it, so the operator knows what to change:
 * {@code port 9001 (--addr localhost:9001) is in use: is another node running? (Address already in use)}.
 * The system's own words stay at the end: scripts and tests that retry on a taken port look for them.
 */
public final class PortInUseException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int port;

    /**
     * @param flag    the flag and value that chose the port, e.g. {@code --http-port 8011}
     * @param program what else might hold it, e.g. {@code node}
     */
    public PortInUseException(int port, String flag, String program, BindException cause) {
        super(
                "port " + port + " (" + flag + ") is in use: is another " + program + " running? (" + cause.getMessage()
                        + ")",
                cause);
        this.port = port;
    }

    public int port() {
        return port;
    }

    /**
     * The bind failure behind {@code failure} (itself or a cause) when it says the address is
     * already in use; empty for any other failure, such as an address that is not local.
     */
    public static Optional<BindException> inUse(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException bind
                    && bind.getMessage() != null
                    // EADDRINUSE on Linux and macOS, WSAEADDRINUSE on Windows: "Address already in use".
                    && bind.getMessage().toLowerCase(Locale.ROOT).contains("in use")) {
                return Optional.of(bind);
            }
        }
        return Optional.empty();
    }

    /** {@code failure} named as a taken port when that is what it is, otherwise {@code failure} itself. */
    public static IOException orSelf(IOException failure, int port, String flag, String program) {
        return inUse(failure)
                .<IOException>map(cause -> new PortInUseException(port, flag, program, cause))
                .orElse(failure);
    }
}
