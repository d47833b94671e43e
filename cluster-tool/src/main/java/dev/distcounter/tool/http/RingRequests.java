package dev.distcounter.tool.http;

import com.fasterxml.jackson.databind.JsonNode;

/** The nodes' ring admin requests, as the {@code leave} and {@code remove} commands make them. */
public interface RingRequests {
    /** What came back: the status (0: nothing) and the node's JSON, or the reason there is none. */
    record Answer(int status, JsonNode body, String problem) {}

    /** {@code POST /admin/leave} to node {@code node}: 202 with its handover report once it is done. */
    Answer leave(int node);

    /** {@code POST /admin/remove?node=ADDR} through node {@code through}: 200 once marked. */
    Answer remove(int through, String member);
}
