package dev.distcounter.common.http;

import dev.distcounter.common.GoDuration;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request's query parameters, read strictly: a parameter the handler reads must be given at
 * most once and be well formed, otherwise the request is refused with a 400 whose reason quotes
 * the input. Parameters nobody reads are ignored.
 */
public final class QueryParameters {
    private final Map<String, List<String>> values;

    private QueryParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    /** The parameters of a raw (still encoded) query string; null or empty means none. */
    public static QueryParameters parse(String rawQuery) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&", -1)) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                values.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
            }
        }
        return new QueryParameters(values);
    }

    /** Whether {@code name} is given, with or without a value. */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The decoded value of {@code name} ("" when given without one), or null when absent. */
    public String text(String name) {
        List<String> given = values.get(name);
        if (given == null) {
            return null;
        }
        if (given.size() > 1) {
            throw RequestRefusedException.badRequest("parameter '" + name + "' given more than once");
        }
        return given.get(0);
    }

    /** A whole number from {@code min} to {@code max}, or {@code absent} when the parameter is not given. */
    public long wholeNumber(String name, long min, long max, long absent) {
        String text = text(name);
        if (text == null) {
            return absent;
        }
        try {
            long value = Long.parseLong(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below, with the same reason as a number out of range
        }
        throw RequestRefusedException.badRequest("bad '" + name + "' parameter \"" + OneLine.quote(text)
                + "\": must be a whole number from " + min + " to " + max);
    }

    /**
     * A duration in Go's syntax ({@code 250ms}, {@code 2s}) from {@code min} to {@code max}, or
     * {@code absent} when the parameter is not given.
     */
    public Duration duration(String name, Duration min, Duration max, Duration absent) {
        String text = text(name);
        if (text == null) {
            return absent;
        }
        Duration value;
        try {
            value = GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw RequestRefusedException.badRequest(e.getMessage());
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw RequestRefusedException.badRequest("bad '" + name + "' parameter \"" + OneLine.quote(text)
                    + "\": must be from " + GoDuration.format(min) + " to " + GoDuration.format(max));
        }
        return value;
    }

    private static String decode(String encoded) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw RequestRefusedException.badRequest("bad query: " + e.getMessage());
        }
    }
}
