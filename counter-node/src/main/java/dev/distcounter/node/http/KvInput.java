package dev.distcounter.node.http;

import dev.distcounter.common.http.QueryParameters;
import dev.distcounter.common.http.RequestRefusedException;
import dev.distcounter.node.kv.KeyLimits;
import java.util.OptionalInt;

/**
 * What the key-value resources accept from a client, refused with a 4xx and a clear reason
 * otherwise: a key of 1 to 1024 bytes of UTF-8 (400, {@link KeyLimits#keyProblem}), a value of at
 * most 1 MiB of UTF-8 (413, {@link KeyLimits#valueProblem}; 400 when missing), both valid Unicode
 * (a lone surrogate from a JSON escape such as {@code "\ud800"} would be stored as {@code ?},
 * another key or value than the one sent), and quorums {@code ?r=}/{@code ?w=} from 1 to N.
 */
final class KvInput {
    private KvInput() {}

    /** {@code key} when the keyspace accepts it. */
    static String key(String key) {
        String problem = KeyLimits.keyProblem(key);
        if (problem != null) {
            throw RequestRefusedException.badRequest(problem);
        }
        requireUnicode(key, "key");
        return key;
    }

    /** {@code value} when the keyspace accepts it. */
    static String value(String value) {
        String problem = KeyLimits.valueProblem(value);
        if (problem != null) {
            throw new RequestRefusedException(value == null ? 400 : 413, problem);
        }
        requireUnicode(value, "value");
        return value;
    }

    /** The quorum {@code name} ({@code r} or {@code w}) from 1 to {@code replicas}, or empty when not given. */
    static OptionalInt quorum(QueryParameters query, String name, int replicas) {
        long given = query.wholeNumber(name, 1, replicas, 0);
        return given == 0 ? OptionalInt.empty() : OptionalInt.of((int) given);
    }

    private static void requireUnicode(String text, String what) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw RequestRefusedException.badRequest(what + " is not valid Unicode: a lone surrogate \\u"
                        + Integer.toHexString(c) + " at char " + i);
            }
        }
    }
}
