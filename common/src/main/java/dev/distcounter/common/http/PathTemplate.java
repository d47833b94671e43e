package dev.distcounter.common.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A path such as {@code /counter} or {@code /kv/get/{key}}: literal segments match themselves,
 * a {@code {name}} segment matches any one non-empty segment, whose URL-decoded value the
 * handler reads by name. Segments are compared after decoding, so {@code %2F} inside a segment
 * never splits it.
 */
public final class PathTemplate {
    private final String template;
    private final List<String> segments;

    private PathTemplate(String template, List<String> segments) {
        this.template = template;
        this.segments = segments;
    }

    /** Parses a template; it starts with "/" and its {@code {name}} segments have distinct names. */
    public static PathTemplate of(String template) {
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("path template \"" + template + "\" does not start with /");
        }
        List<String> segments = List.of(template.substring(1).split("/", -1));
        Set<String> names = new HashSet<>();
        for (String segment : segments) {
            if (isParameter(segment) && !names.add(segment)) {
                throw new IllegalArgumentException("path template \"" + template + "\" repeats " + segment);
            }
        }
        return new PathTemplate(template, segments);
    }

    /** The parameters of {@code rawPath} (still URL-encoded) when it matches, else empty. */
    public Optional<Map<String, String>> match(String rawPath) {
        if (!rawPath.startsWith("/")) {
            return Optional.empty();
        }
        String[] given = rawPath.substring(1).split("/", -1);
        if (given.length != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < given.length; i++) {
            String expected = segments.get(i);
            String value = decode(given[i]);
            if (isParameter(expected)) {
                if (value.isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(expected.substring(1, expected.length() - 1), value);
            } else if (!expected.equals(value)) {
                return Optional.empty();
            }
        }
        return Optional.of(Map.copyOf(parameters));
    }

    private static boolean isParameter(String segment) {
        return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
    }

    /** Percent-decoding of a path segment, where "+" is a plus, not a space as in a query. */
    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw RequestRefusedException.badRequest("bad path: " + e.getMessage());
        }
    }

    /** The template as written, e.g. {@code /kv/get/{key}}: how metrics name the route. */
    @Override
    public String toString() {
        return template;
    }
}
