package dev.distcounter.node.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * {@code /admin/cluster-chaos}: what each node's {@code /admin/chaos} answered.
 *
 * @param nodes one per target, in the order asked
 */
public record ChaosRelayView(List<Answer> nodes) {
    public ChaosRelayView {
        nodes = List.copyOf(nodes);
    }

    /**
     * One node's answer.
     *
     * @param http   the target, {@code host:port} of its HTTP API
     * @param status its HTTP status, 0 when it could not be reached
     * @param chaos  its {@code /admin/chaos} JSON (a {@link ChaosView}) or its error view
     * @param error  why it could not be reached; absent otherwise
     */
    public record Answer(
            String http,
            int status,
            @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode chaos,
            @JsonInclude(JsonInclude.Include.NON_NULL) String error) {}
}
