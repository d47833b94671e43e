package dev.distcounter.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdminGuardTest {

    @ParameterizedTest(
            name =
                    "token [{0}], --admin-loopback {1}, from loopback {2}, X-Admin-Token [{3}], Authorization [{4}] -> {5}")
    @CsvSource(
            value = {
                "'', false, true, , , 403",
                "'', false, true, secret, , 403",
                "'', false, false, , , 403",
                "'', true, true, , , 0",
                "'', true, false, , , 403",
                "'', true, false, secret, , 403",
                "secret, false, true, , , 401",
                "secret, false, true, secret, , 0",
                "secret, false, false, secret, , 0",
                "secret, false, false, wrong, , 401",
                "secret, false, false, , Bearer secret, 0",
                "secret, false, false, , Bearer wrong, 401",
                "secret, false, false, , secret, 401",
                "secret, false, false, secre, , 401",
            },
            nullValues = "")
    void decides(
            String token,
            boolean loopbackAllowed,
            boolean fromLoopback,
            String header,
            String authorization,
            int status) {
        assertThat(AdminGuard.refusal(token == null ? "" : token, loopbackAllowed, fromLoopback, header, authorization))
                .isEqualTo(status);
    }
}
