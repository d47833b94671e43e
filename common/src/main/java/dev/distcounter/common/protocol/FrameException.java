package dev.distcounter.common.protocol;

import java.io.IOException;

/**
 * Bytes on a connection that are not a valid frame. The connection they came on cannot be
 * trusted to be in step any more, so the reader closes it; the node goes on serving.
 */
public class FrameException extends IOException {
    private static final long serialVersionUID = 1L;

    public FrameException(String reason) {
        super(reason);
    }
}
