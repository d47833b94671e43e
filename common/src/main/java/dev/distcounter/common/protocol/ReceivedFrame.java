package dev.distcounter.common.protocol;

/**
 * A frame as read from the network, with what its header said about it.
 *
 * @param frame         the frame
 * @param stamp         when and in which order its sender sent it (trustworthy only when authenticated)
 * @param authenticated whether its MAC was verified under a key of the receiver's keyring; false
 *                      only on a receiver without a key, which accepts only unsigned frames
 */
public record ReceivedFrame(Frame frame, FrameStamp stamp, boolean authenticated) {}
