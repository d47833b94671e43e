package dev.distcounter.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distcounter.common.Json;
import dev.distcounter.tool.http.RingRequests;
import java.util.ArrayList;
import java.util.List;

/** The nodes' ring admin requests as a test decides them: what each answers, and who was asked what. */
public final class FakeRing implements RingRequests {
    /** Every request, in order: {@code leave N} or {@code remove M through N}. */
    public final List<String> requests = new ArrayList<>();

    public volatile Answer leaveAnswer =
            answer(202, "{\"handedOver\":812,\"failed\":0,\"pending\":0,\"settled\":true}");
    public volatile Answer removeAnswer = answer(200, "{\"removed\":\"?\"}");

    /** An answer with {@code json} as the node's body. */
    public static Answer answer(int status, String json) {
        try {
            JsonNode body = Json.MAPPER.readTree(json);
            return new Answer(status, body, body.path("error").asText(""));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    @Override
    public synchronized Answer leave(int node) {
        requests.add("leave " + node);
        return leaveAnswer;
    }

    @Override
    public synchronized Answer remove(int through, String member) {
        requests.add("remove " + member + " through " + through);
        return removeAnswer;
    }
}
