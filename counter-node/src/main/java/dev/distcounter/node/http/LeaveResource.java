package dev.distcounter.node.http;

import dev.distcounter.common.http.Reply;
import dev.distcounter.common.http.Request;
import dev.distcounter.common.http.Route;
import dev.distcounter.node.replication.HandoverReport;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /admin/leave}: this node leaves the ring. It marks itself LEFT, tells the others at
 * once, streams every key it holds to the new owners, and answers 202 once every key is
 * acknowledged or has failed every attempt (or after {@link dev.distcounter.node.Departures#LEAVE_WAIT}),
 * with {@code {"handedOver":N,"failed":N,"pending":N,"settled":true}}; then the process stops
 * (exit 0). A second request while leaving waits for the same handover. Admin only: see
 * {@link AdminGuard}.
 */
final class LeaveResource {
    private final CounterOperations node;
    private final HttpConfig config;

    LeaveResource(CounterOperations node, HttpConfig config) {
        this.node = node;
        this.config = config;
    }

    Route route() {
        return Route.at("/admin/leave")
                .onAsync("POST", this::leave)
                .guardedBy(AdminGuard.requiring(config.adminToken(), config.adminLoopback()));
    }

    private CompletionStage<Reply> leave(Request request) {
        return node.leave().thenApply(report -> Reply.of(202, text(report), report));
    }

    /** {@code Left the ring: 812 key(s) handed over, 0 failed; stopping}. */
    static String text(HandoverReport report) {
        return "Left the ring: " + report.handedOver() + " key(s) handed over, " + report.failed() + " failed"
                + (report.settled() ? "" : ", " + report.pending() + " still unacknowledged when the wait ran out")
                + "; stopping";
    }
}
