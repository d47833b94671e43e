package dev.distcounter.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdminGuardTest {

    @ParameterizedTest(name = "token [{0}], loopback {1}, X-Admin-Token [{2}], Authorization [{3}] -> {4}")
    @CsvSource(
            value = {
                "'', true, , , 0",
                "'', false, , , 403",
                "'', false, secret, , 403",
                "secret, true, , , 401",
                "secret, true, secret, , 0",
                "secret, false, secret, , 0",
                "secret, false, wrong, , 401",
                "secret, false, , Bearer secret, 0",
                "secret, false, , Bearer wrong, 401",
                "secret, false, , secret, 401",
                "secret, false, secre, , 401",
            },
            nullValues = "")
    void decides(String token, boolean loopback, String header, String authorization, int status) {
        assertThat(AdminGuard.refusal(token == null ? "" : token, loopback, header, authorization))
                .isEqualTo(status);
    }
}
