package dev.distcounter.tool.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;

/**
 * The body of {@code POST /admin/chaos}: the fields given replace the node's, the others stay.
 *
 * @param drop    the probability of dropping an outbound frame, as the operator wrote it
 * @param delay   {@code 50ms} or a range {@code 10ms-50ms}
 * @param blocked gossip addresses this node sends nothing to
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChaosChange(BigDecimal drop, String delay, List<String> blocked) {
    /** Clears every fault: no drop, no delay, nobody blocked. */
    public static final ChaosChange HEAL = new ChaosChange(BigDecimal.ZERO, "0s", List.of());

    public static ChaosChange drop(BigDecimal drop, String delay) {
        return new ChaosChange(drop, delay, null);
    }

    public static ChaosChange block(List<String> addresses) {
        return new ChaosChange(null, null, List.copyOf(addresses));
    }
}
