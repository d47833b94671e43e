#!/usr/bin/env python3
"""Anti-entropy on real processes: how long a replica that missed writes takes to converge.

Starts three counter-node jars on loopback (--discovery=none, seeds, WAL), SIGKILLs node 3,
writes KEYS acknowledged puts through nodes 1 and 2 (hints effectively off: one kept per
replica), restarts node 3 on its WAL, and polls its /kv/replica/{key} until every key holds the
acknowledged version, with no client read through the keyspace. Prints the figures; stops every
process it started (by PID) and deletes its directory.

    python3 bench/anti-entropy-converge.py [KEYS] [extra node flags...]

Needs counter-node/target/counter-node.jar (mvn -B -o -q package -DskipTests -pl counter-node -am).
"""
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, "counter-node", "target", "counter-node.jar")
KEYS = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
EXTRA = sys.argv[2:]
HEADERS = {"Content-Type": "application/json", "Accept": "application/json"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, method, path, body=None, timeout=10):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=HEADERS)
        reply = conn.getresponse()
        return reply.status, reply.read()
    finally:
        conn.close()


class Node:
    def __init__(self, index, gossip, http_port, seeds, workdir):
        self.index, self.gossip, self.http, self.seeds = index, gossip, http_port, seeds
        self.wal = os.path.join(workdir, "node%d" % index)
        self.log = os.path.join(workdir, "node%d.log" % index)
        self.proc = None

    def start(self):
        args = ["java", "-Xmx512m", "-jar", JAR, "--addr", "127.0.0.1:%d" % self.gossip,
                "--http-port", str(self.http), "--http-bind", "127.0.0.1", "--discovery=none", "--seeds", ",".join(self.seeds),
                "--wal-dir", self.wal, "--hint-max-per-target", "1", "--kv-timeout", "300ms"] + EXTRA
        self.proc = subprocess.Popen(args, stdout=open(self.log, "ab"), stderr=subprocess.STDOUT)

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def ring_size(self):
        try:
            status, body = request(self.http, "GET", "/cluster", timeout=2)
            return len(json.loads(body)["keyspace"]["members"]) if status == 200 else 0
        except (OSError, ValueError, KeyError):
            return 0


def until(what, check, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise SystemExit("timed out waiting for " + what)


def put_all(nodes, keys):
    acknowledged = {}
    lock = threading.Lock()

    def worker(part):
        conns = {n.http: http.client.HTTPConnection("127.0.0.1", n.http, timeout=10) for n in nodes}
        for i in part:
            node = nodes[i % len(nodes)]
            body = json.dumps({"key": "ae-%d" % i, "value": "value-%d" % i})
            conn = conns[node.http]
            conn.request("POST", "/kv/put", body=body, headers=HEADERS)
            reply = conn.getresponse()
            data = reply.read()
            if reply.status == 200:
                with lock:
                    acknowledged["ae-%d" % i] = json.loads(data)["version"]

    threads = [threading.Thread(target=worker, args=(range(t, keys, 16),)) for t in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return acknowledged


def missing(node, wanted):
    """The keys of wanted that node does not hold at the wanted version, asked over 8 connections."""
    items = list(wanted.items())
    left = {}
    lock = threading.Lock()

    def worker(part):
        conn = http.client.HTTPConnection("127.0.0.1", node.http, timeout=10)
        try:
            for key, version in part:
                conn.request("GET", "/kv/replica/" + key, headers=HEADERS)
                held = json.loads(conn.getresponse().read())
                if not held.get("held") or held.get("version") != version:
                    with lock:
                        left[key] = version
        except (OSError, ValueError):
            with lock:
                left.update(part)
        finally:
            conn.close()

    threads = [threading.Thread(target=worker, args=(items[t::8],)) for t in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return left


def main():
    workdir = tempfile.mkdtemp(prefix="ae-converge-")
    gossip = [free_port() for _ in range(3)]
    https = [free_port() for _ in range(3)]
    nodes = [Node(i + 1, gossip[i], https[i], ["127.0.0.1:%d" % p for j, p in enumerate(gossip) if j != i], workdir)
             for i in range(3)]
    try:
        for n in nodes:
            n.start()
        until("a ring of three on every node", lambda: all(n.ring_size() == 3 for n in nodes), 60)
        nodes[2].kill()
        started = time.time()
        acknowledged = put_all(nodes[:2], KEYS)
        wrote = time.time() - started
        print("acknowledged %d of %d puts with node 3 down, in %.1f s" % (len(acknowledged), KEYS, wrote))
        restart = time.time()
        nodes[2].start()
        until("node 3's HTTP", lambda: nodes[2].ring_size() > 0, 60)
        up = time.time() - restart
        left = dict(acknowledged)
        checks = []
        while left and time.time() - restart < 300:
            left = missing(nodes[2], left)
            checks.append((time.time() - restart, len(left)))
            if left:
                time.sleep(0.5)
        took = time.time() - restart
        print("node 3 answering HTTP %.1f s after its restart" % up)
        print("missing on node 3, by seconds after the restart: " +
              ", ".join("%.1f s: %d" % c for c in checks[:: max(1, len(checks) // 12)] + checks[-1:]))
        print("converged: %s; %d acknowledged versions held %.1f s after the restart command" %
              (not left, len(acknowledged) - len(left), took))
        for n in nodes:
            status, body = request(n.http, "GET", "/cluster")
            print("node %d antiEntropy: %s" % (n.index, json.dumps(json.loads(body).get("antiEntropy"))))
    finally:
        for n in nodes:
            n.kill()
        if os.environ.get("KEEP"):
            print("kept " + workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
