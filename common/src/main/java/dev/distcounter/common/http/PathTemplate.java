package dev.distcounter.common.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
 * never splits it; a segment whose escapes are not UTF-8 is refused (400).
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

    /**
     * Percent-decoding of a path segment, where "+" is a plus, not a space as in a query. The
     * bytes must be UTF-8: a malformed sequence is refused rather than replaced by U+FFFD, which
     * would make different paths (keys) read as one.
     */
    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        byte[] bytes = new byte[segment.length()];
        int n = 0;
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                int high = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(segment.charAt(i + 2), 16);
                if (low < 0) {
                    throw RequestRefusedException.badRequest(
                            "bad path: \"%" + OneLine.quote(segment.substring(i + 1, Math.min(i + 3, segment.length())))
                                    + "\" is not a %-escape of two hex digits");
                }
                bytes[n++] = (byte) (high << 4 | low);
                i += 2;
            } else if (c < 0x80) {
                bytes[n++] = (byte) c;
            } else {
                // The JDK refuses a raw non-ASCII path before it gets here; refuse it too, should it not.
                throw RequestRefusedException.badRequest("bad path: characters outside ASCII must be %-escaped");
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, n))
                    .toString();
        } catch (CharacterCodingException e) {
            throw RequestRefusedException.badRequest("bad path: its %-escaped bytes are not UTF-8");
        }
    }

    /** The template as written, e.g. {@code /kv/get/{key}}: how metrics name the route. */
    @Override
    public String toString() {
        return template;
    }
}
