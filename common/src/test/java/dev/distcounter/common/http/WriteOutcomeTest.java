package dev.distcounter.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Guarantees: docs/guarantees.md §3. */
class WriteOutcomeTest {
    @ParameterizedTest
    @CsvSource({
        "200, , APPLIED",
        "400, , NOT_APPLIED",
        "404, , NOT_APPLIED",
        "413, , NOT_APPLIED",
        "500, , INDETERMINATE",
        "503, , INDETERMINATE",
        "503, not_applied, NOT_APPLIED",
        "503, indeterminate, INDETERMINATE",
        "200, applied, APPLIED",
    })
    void aReplyIsClassifiedByItsFieldElseByItsStatus(int status, String field, WriteOutcome expected) {
        assertThat(WriteOutcome.ofReply(status, field)).isEqualTo(expected);
    }

    @Test
    void aWriteThatNeverConnectedIsNotApplied() {
        assertThat(WriteOutcome.ofFailure(new ConnectException("refused"))).isEqualTo(WriteOutcome.NOT_APPLIED);
        assertThat(WriteOutcome.ofFailure(new CompletionException(new HttpConnectTimeoutException("connect"))))
                .isEqualTo(WriteOutcome.NOT_APPLIED);
    }

    @Test
    void aWriteThatMayHaveArrivedIsIndeterminate() {
        assertThat(WriteOutcome.ofFailure(new HttpTimeoutException("request timed out")))
                .isEqualTo(WriteOutcome.INDETERMINATE);
        assertThat(WriteOutcome.ofFailure(new IOException("connection reset"))).isEqualTo(WriteOutcome.INDETERMINATE);
    }

    @Test
    void spellingsRoundTripAndUnknownOnesAreRefused() {
        for (WriteOutcome outcome : WriteOutcome.values()) {
            assertThat(WriteOutcome.fromJson(outcome.json())).isEqualTo(outcome);
        }
        assertThat(WriteOutcome.NOT_APPLIED.json()).isEqualTo("not_applied");
        assertThatThrownBy(() -> WriteOutcome.fromJson("ok")).hasMessageContaining("unknown write outcome");
    }
}
