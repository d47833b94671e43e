package dev.distcounter.common;

import java.net.InetSocketAddress;

/**
 * A {@code host:port} address as the original passes them around ({@code localhost:9001}).
 * IPv6 literals are written in brackets ({@code [::1]:9001}). Parsing input from outside goes
 * through {@link #parse(String)}, which explains what is wrong instead of asserting.
 */
public record NodeAddress(String host, int port) implements Comparable<NodeAddress> {
    /** Longest textual form accepted, so an address always fits a frame's sender field. */
    public static final int MAX_LENGTH = 255;

    public NodeAddress {
        Contracts.checkNotNull(host, "host");
        Contracts.check(!host.isEmpty(), "host is not empty");
        Contracts.check(port >= 1 && port <= 65535, () -> "port " + port + " within 1..65535");
    }

    /** Parses {@code host:port}; throws {@link IllegalArgumentException} with the reason. */
    public static NodeAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("address is empty; expected host:port, e.g. localhost:9001");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("address longer than " + MAX_LENGTH + " characters");
        }
        String host;
        String portText;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("invalid address \"" + text + "\": expected [ipv6]:port");
            }
            host = text.substring(1, close);
            portText = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("invalid address \"" + text + "\": missing :port");
            }
            host = text.substring(0, colon);
            portText = text.substring(colon + 1);
            if (host.contains(":")) {
                throw new IllegalArgumentException("invalid address \"" + text + "\": write IPv6 hosts as [host]:port");
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("invalid address \"" + text + "\": missing host");
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '/' || c == '@') {
                throw new IllegalArgumentException("invalid address \"" + text + "\": bad character in host");
            }
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "invalid address \"" + text + "\": port \"" + portText + "\" is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(
                    "invalid address \"" + text + "\": port " + port + " is outside 1..65535");
        }
        return new NodeAddress(host, port);
    }

    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public int compareTo(NodeAddress other) {
        int byHost = host.compareTo(other.host);
        return byHost != 0 ? byHost : Integer.compare(port, other.port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
