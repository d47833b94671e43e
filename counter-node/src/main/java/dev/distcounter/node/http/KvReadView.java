package dev.distcounter.node.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import dev.distcounter.node.replication.ReadResult;

/**
 * A key-value get's reply in JSON, GoDist's shapes: {@code {"found":true,"key":..,"value":..,
 * "version":N,"owner":..}}; {@code {"found":false,"key":..,"owner":..}} (404); the same with
 * {@code "error"} when no read quorum answered (503). A request refused before the read
 * (400, 405) has no key: {@code {"found":false,"owner":"","error":..}}.
 *
 * @param value   absent unless found
 * @param version absent unless found
 * @param owner   the key's primary replica; {@code ""} when the request was refused
 * @param error   why there is no answer; absent when there is one
 */
public record KvReadView(
        boolean found,
        @JsonInclude(Include.NON_NULL) String key,
        @JsonInclude(Include.NON_NULL) String value,
        @JsonInclude(Include.NON_NULL) Long version,
        String owner,
        @JsonInclude(Include.NON_NULL) String error) {

    static KvReadView of(ReadResult result) {
        boolean found = result.kind() == ReadResult.Kind.FOUND;
        return new KvReadView(
                found,
                result.key(),
                found ? result.value() : null,
                found ? result.version() : null,
                result.owner(),
                result.kind() == ReadResult.Kind.NO_QUORUM ? result.error() : null);
    }

    /** A request refused before the read. */
    static KvReadView refused(String error) {
        return new KvReadView(false, null, null, null, "", error);
    }
}
