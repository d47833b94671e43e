package dev.distcounter.tool.http;

import dev.distcounter.common.auth.KeyringView;
import java.util.List;

/** The HTTP API of the cluster's nodes and discovery server, as the tool uses it. */
public interface ClusterApi {
    Reply<CounterState> counter(int node);

    WriteResult write(int node, Change change);

    Reply<PeerList> peers(int node);

    Reply<ClusterView> cluster(int node);

    Reply<ChaosState> chaos(int node);

    Reply<ChaosState> setChaos(int node, ChaosChange change);

    /** {@code POST /kv/put} through node {@code node}, its coordinator. */
    KvWriteResult kvPut(int node, String key, String value);

    /** {@code DELETE /kv/{key}} through node {@code node}: a tombstone, written as a put is. */
    KvWriteResult kvDelete(int node, String key);

    /** {@code GET /kv/get/{key}}: a body with a 200 (found) and with a 404 (not found). */
    Reply<KvValue> kvGet(int node, String key);

    /** {@code GET /kv/owners/{key}}: the key's replicas as node {@code node} sees them. */
    Reply<KvOwners> kvOwners(int node, String key);

    /** {@code GET /kv/replica/{key}}: what node {@code node} holds for the key as a replica, without a quorum. */
    Reply<KvReplica> kvReplica(int node, String key);

    /** The discovery server's list of registered nodes. */
    Reply<List<RegisteredPeer>> registeredPeers();

    /** {@code GET /admin/keys} of a node or the discovery server: fingerprints only. */
    Reply<KeyringView> keys(KeyHolder holder);

    /** {@code POST /admin/keys/install|use|remove}: the keyring after the change. */
    Reply<KeyringView> changeKeys(KeyHolder holder, KeyChange change);

    /** {@code POST /admin/leave} and {@code POST /admin/remove}. */
    RingRequests ring();
}
