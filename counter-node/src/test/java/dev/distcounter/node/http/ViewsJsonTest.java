package dev.distcounter.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distcounter.common.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every field name and order of the node's JSON replies, as clients (and docs/operations.md) know them. */
class ViewsJsonTest {
    static String json(Object view) throws Exception {
        return Json.MAPPER.writeValueAsString(view);
    }

    @Test
    void healthWithAWalThatFailed() throws Exception {
        HealthView health = new HealthView(
                "failing",
                "disk full",
                "localhost:9001",
                "localhost:9001#17",
                -3,
                19,
                4,
                "none",
                0,
                "fsync",
                "on",
                7,
                new HealthView.WalDetails("data/wal/node-9001", 7, 0, 1, 2, 0),
                new HealthView.GossipCounts(6, 5, 7, 1, 2, 0),
                new HealthView.TransportCounts(42, 7, 1, 0));
        assertThat(json(health))
                .isEqualTo("{\"status\":\"failing\",\"walFailure\":\"disk full\",\"node\":\"localhost:9001\","
                        + "\"replica\":\"localhost:9001#17\",\"value\":-3,\"version\":19,\"peers\":4,\"leader\":\"none\","
                        + "\"term\":0,\"wal\":\"fsync\",\"chaos\":\"on\",\"uptimeSeconds\":7,"
                        + "\"walDetails\":{\"dir\":\"data/wal/node-9001\",\"lastSequence\":7,\"lastSnapshot\":0,"
                        + "\"segments\":1,\"replayedAtStart\":2,\"truncatedAtStart\":0},"
                        + "\"gossip\":{\"rounds\":6,\"pushes\":5,\"framesIn\":7,\"merges\":1,\"replies\":2,"
                        + "\"badFrames\":0},"
                        + "\"transport\":{\"framesSent\":42,\"framesReceived\":7,\"framesDropped\":1,"
                        + "\"connectionsRejected\":0}}");
    }

    @Test
    void healthWithoutAWalLeavesItsFieldsOut() throws Exception {
        HealthView health = new HealthView(
                "ok",
                null,
                "localhost:9001",
                "localhost:9001#17",
                0,
                0,
                0,
                "localhost:9004",
                1,
                "off",
                "off",
                0,
                null,
                new HealthView.GossipCounts(0, 0, 0, 0, 0, 0),
                new HealthView.TransportCounts(0, 0, 0, 0));
        assertThat(json(health))
                .startsWith("{\"status\":\"ok\",\"node\":\"localhost:9001\",")
                .contains("\"uptimeSeconds\":0,\"gossip\":{")
                .doesNotContain("walFailure", "walDetails");
    }

    @Test
    void clusterBeforeAnyElectionHasANullLeader() throws Exception {
        ClusterView cluster = new ClusterView(
                "localhost:9001",
                9001,
                17,
                null,
                0,
                true,
                1,
                2,
                3,
                List.of(new ClusterView.MemberRow("localhost:9002", "suspect", -1, -1, 900, 100, 2, List.of("seed"))),
                null,
                null);
        assertThat(json(cluster))
                .isEqualTo("{\"node\":\"localhost:9001\",\"nodeId\":9001,\"incarnation\":17,\"leader\":null,"
                        + "\"term\":0,\"electing\":true,\"elections\":1,\"deadVerdicts\":2,\"badFrames\":3,"
                        + "\"members\":[{\"addr\":\"localhost:9002\",\"state\":\"suspect\",\"nodeId\":-1,"
                        + "\"incarnation\":-1,\"silenceMs\":900,\"inStateMs\":100,\"consecutiveFailures\":2,"
                        + "\"sources\":[\"seed\"]}]}");
    }

    @Test
    void writesPeersCounterAndErrors() throws Exception {
        assertThat(json(new WriteView(-3, 19, "localhost:9001", "increment", 1, "applied")))
                .isEqualTo("{\"value\":-3,\"version\":19,\"node\":\"localhost:9001\",\"operation\":\"increment\","
                        + "\"by\":1,\"outcome\":\"applied\"}");
        assertThat(json(new CounterView(-3, 19, "localhost:9001", "5f0c6e0b1d2a3948")))
                .isEqualTo("{\"value\":-3,\"version\":19,\"node\":\"localhost:9001\",\"digest\":\"5f0c6e0b1d2a3948\"}");
        assertThat(json(new PeersView(1, List.of("localhost:9000"))))
                .isEqualTo("{\"count\":1,\"peers\":[\"localhost:9000\"]}");
        assertThat(json(new WriteErrorView("bad", "not_applied")))
                .isEqualTo("{\"error\":\"bad\",\"outcome\":\"not_applied\"}");
    }
}
