package dev.distcounter.node.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.distcounter.common.http.WriteOutcome;
import dev.distcounter.node.replication.WriteResult;

/**
 * A key-value put's or delete's reply in JSON, GoDist's shape plus the outcome:
 * {@code {"ok":true,"version":N,"owner":"<node>","outcome":"applied"}}, or
 * {@code {"ok":false,"version":0,"owner":"","error":"key required","outcome":"not_applied"}}.
 *
 * @param owner   the key's primary replica; {@code ""} when the request was refused before placement
 * @param error   why not ok; absent when ok
 * @param outcome {@link WriteOutcome#json()}: whether the write is applied, certainly not, or may be
 */
public record KvWriteView(
        boolean ok,
        long version,
        String owner,
        @JsonInclude(JsonInclude.Include.NON_NULL) String error,
        String outcome) {

    /** The coordinator's answer. */
    static KvWriteView of(WriteResult result) {
        return new KvWriteView(
                result.ok(),
                result.version(),
                result.owner(),
                result.error(),
                result.outcome().json());
    }

    /** A write refused or failed before (or without) a coordinator's answer. */
    static KvWriteView failed(String error, WriteOutcome outcome) {
        return new KvWriteView(false, 0, "", error, outcome.json());
    }
}
