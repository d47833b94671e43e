package dev.distcounter.bench;

/**
 * What {@link KvLoad} did, as it writes it with {@code --json FILE}.
 *
 * @param keys keys it put, each once
 * @param connections puts in flight at once, each on its own kept-alive connection
 * @param seconds from the first put sent to the last answer read
 * @param putsPerSec {@code keys / seconds}
 * @param failed puts not answered 200 (another status, or no answer); those keys may be missing
 * @param firstFailure the first failure's status and body, or its exception; null when none failed
 */
record KvLoadResult(int keys, int connections, double seconds, double putsPerSec, long failed, String firstFailure) {}
