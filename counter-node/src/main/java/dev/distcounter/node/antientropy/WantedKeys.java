package dev.distcounter.node.antientropy;

import java.util.List;

/**
 * AE_WANT (39): "you hold these keys newer than I do, or I lack them: push them to me". The
 * receiver sends each, rate-limited, as an ordinary KV_WRITE. Binary form:
 * {@link AntiEntropyMessages}.
 *
 * @param exchangeId the exchange's id
 * @param keys       at most {@link AntiEntropyMessages#MAX_KEYS}
 */
public record WantedKeys(long exchangeId, List<String> keys) {
    public WantedKeys {
        keys = List.copyOf(keys);
        AntiEntropyMessages.checkCount("keys", keys.size(), AntiEntropyMessages.MAX_KEYS);
        keys.forEach(AntiEntropyMessages::checkKey);
    }
}
