package dev.distcounter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The counter goes below zero; refuses (400, value unchanged) an amount above 2^53 in one request,
 * and an operation that would take it past the signed 64-bit range, instead of wrapping around;
 * and after a refusal every request that fits is applied.
 *
 * <p>Guarantees: docs/guarantees.md §5.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NegativeValueIT extends ClusterIT {
    private static final String MAX = Long.toString(Long.MAX_VALUE);
    private static final long LARGEST_AMOUNT = 1L << 53;

    private CounterClient client;

    @BeforeEach
    void connectClient() {
        client = cluster.client();
    }

    @Test
    void decrementFromZeroGoesNegative() throws Exception {
        NodeProcess node = cluster.startNode("node");

        assertThat(client.post(node.uri("/decrement")).body()).isEqualTo("Counter decremented to -1 (version 1)\n");
        assertThat(client.get(node.uri("/counter")).body()).isEqualTo("Counter: -1 (version 1)\n");
        assertThat(client.get(node.uri("/counter"), "Accept", "application/json")
                        .body())
                .contains("\"value\":-1", "\"version\":1");

        // More than one request may add: refused with the limit, and nothing is locked out.
        HttpReply refused = client.post(node.uri("/increment?by=" + MAX));
        System.out.println("[NegativeValueIT] increment by MAX at -1: " + refused);
        assertThat(refused.status()).isEqualTo(400);
        assertOneLineReason(refused, "9007199254740992 (2^53)");
        assertThat(client.counter(node)).isEqualTo(new CounterReading(-1, 1));
        assertThat(client.post(node.uri("/decrement")).body()).isEqualTo("Counter decremented to -2 (version 2)\n");
    }

    @Test
    void incrementPastTheSigned64BitRangeIsRefusedAndChangesNothing() throws Exception {
        NodeProcess node = cluster.startNode("node");

        // 2^63-1 = 1,023 requests of the largest amount and one of 2^53-1.
        for (int i = 0; i < 1023; i++) {
            client.increment(node, LARGEST_AMOUNT);
        }
        assertThat(client.post(node.uri("/increment?by=" + (LARGEST_AMOUNT - 1)))
                        .body())
                .isEqualTo("Counter incremented to " + MAX + " (version " + MAX + ")\n");
        HttpReply refused = client.post(node.uri("/increment"));
        System.out.println("[NegativeValueIT] increment at MAX: " + refused);
        assertThat(refused.status()).isEqualTo(400);
        assertOneLineReason(refused, "64-bit");
        assertThat(client.get(node.uri("/counter")).body()).isEqualTo("Counter: " + MAX + " (version " + MAX + ")\n");
    }

    private static void assertOneLineReason(HttpReply reply, String mentions) {
        assertThat(reply.body()).as("reason of " + reply).endsWith("\n");
        assertThat(reply.line())
                .as("reason of " + reply)
                .isNotBlank()
                .doesNotContain("\n")
                .contains(mentions);
    }
}
