package dev.distcounter.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.common.NodeAddress;
import dev.distcounter.node.replication.HandoverReport;
import dev.distcounter.node.replication.RingSummary;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code POST /admin/leave} and {@code POST /admin/remove}, on a fake node. */
class RingResourcesTest extends RunningKvApiTest {
    @Test
    void leaveAnswers202OnceTheKeysAreHandedOver() throws Exception {
        CompletableFuture<HttpResponse<String>> reply = http.client.sendAsync(
                http.request("POST", "/admin/leave", "application/json", null).build(),
                HttpResponse.BodyHandlers.ofString());
        node.leaving.complete(new HandoverReport(812, 2, 0, true));
        HttpResponse<String> left = reply.get();
        assertThat(left.statusCode()).isEqualTo(202);
        assertThat(left.body()).isEqualTo("{\"handedOver\":812,\"failed\":2,\"pending\":0,\"settled\":true}");
        assertThat(LeaveResource.text(new HandoverReport(812, 2, 0, true)))
                .isEqualTo("Left the ring: 812 key(s) handed over, 2 failed; stopping");
        assertThat(LeaveResource.text(new HandoverReport(5, 0, 7, false)))
                .isEqualTo("Left the ring: 5 key(s) handed over, 0 failed, 7 still unacknowledged when the wait"
                        + " ran out; stopping");
    }

    @Test
    void removeTakesAKnownMemberByQueryOrBody() throws Exception {
        node.ringMembers.add(NodeAddress.parse("localhost:9002"));
        node.ringMembers.add(NodeAddress.parse("localhost:9003"));
        HttpResponse<String> byQuery = http.call("POST", "/admin/remove?node=localhost:9002", null, null);
        assertThat(byQuery.statusCode()).isEqualTo(200);
        assertThat(byQuery.body())
                .isEqualTo("Removed localhost:9002 from the ring; its ranges are rebuilt from the other replicas\n");
        HttpResponse<String> byBody =
                http.call("POST", "/admin/remove", "application/json", "{\"node\":\"localhost:9003\"}");
        assertThat(byBody.statusCode()).isEqualTo(200);
        assertThat(byBody.body()).isEqualTo("{\"removed\":\"localhost:9003\"}");
        assertThat(node.ringMembers).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "?node=localhost:9009 | | 404",
                "?node=localhost:9001 | | 409",
                "?node=nowhere | | 400",
                "?node= | | 400",
                " | | 400",
                " | not json | 400",
                " | {\"node\":5} | 400",
                " | {\"node\":\"bad address\"} | 400",
            })
    void badRemovalsAreRefusedWithOneLine(String query, String body, int status) throws Exception {
        node.ringMembers.add(NodeAddress.parse("localhost:9002"));
        HttpResponse<String> r = http.call("POST", "/admin/remove" + (query == null ? "" : query), null, body);
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.body().strip()).doesNotContain("\n").isNotEmpty();
        assertThat(node.ringMembers).hasSize(1);
    }

    @Test
    void clusterShowsEveryNodesRingStatus() throws Exception {
        keys.ring = new RingSummary(
                3,
                2,
                2,
                16,
                true,
                false,
                List.of(new RingSummary.MemberShare("localhost:9001", "self", 1)),
                List.of(
                        new RingSummary.RingMemberRow("localhost:9001", 7, "joined"),
                        new RingSummary.RingMemberRow("localhost:9002", 3, "left"),
                        new RingSummary.RingMemberRow("localhost:9003", 5, "removed")));
        assertThat(http.get("/cluster").body())
                .endsWith("  localhost:9001 self, primary for 100.0% of the ring\n"
                        + "  Ring membership: localhost:9001 joined, localhost:9002 left, localhost:9003 removed\n");
        assertThat(http.json("GET", "/cluster").body())
                .contains("\"membership\":[{\"node\":\"localhost:9001\",\"incarnation\":7,\"status\":\"joined\"},");
    }
}
