package dev.distcounter.e2e;

import java.net.http.HttpHeaders;

/** Status, body and headers of one HTTP exchange. */
record HttpReply(int status, String body, HttpHeaders headers) {
    /** The body without its trailing newline. */
    String line() {
        return body.strip();
    }

    @Override
    public String toString() {
        return status + " \"" + line() + "\"";
    }
}
