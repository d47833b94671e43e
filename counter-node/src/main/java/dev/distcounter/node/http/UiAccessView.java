package dev.distcounter.node.http;

/**
 * {@code /ui/access}: whether the asker may use {@code /admin/*} here, so the page shows its
 * buttons only then.
 *
 * @param admin  whether an admin request with the same headers from the same address would pass
 * @param rule   {@code token} (the node has an admin token), {@code loopback}
 *               ({@code --admin-loopback}) or {@code off} (nobody)
 * @param reason why not, in the words of the refusal; empty when allowed
 */
public record UiAccessView(boolean admin, String rule, String reason) {}
