"""A short kazoo session against one server; KazooTest asserts on the KEY=VALUE lines it prints.

Usage: /usr/bin/python3 kazoo_session.py HOST:PORT ROOT session|server-version
  session         znode operations, a transaction, the Lock recipe and a DataWatch under ROOT
  server-version  kazoo's server_version(), which parses the `envi` four-letter word
Every step prints one line; a step that raises prints ERROR=... and the script exits 1.
"""
import sys
import threading
import traceback

from kazoo.client import KazooClient
from kazoo.exceptions import BadVersionError, NoNodeError, NodeExistsError, RolledBackError

hosts, root, mode = sys.argv[1], sys.argv[2], sys.argv[3]


def out(key, value):
    print("%s=%s" % (key, value), flush=True)


def connect():
    client = KazooClient(hosts=hosts, timeout=10)
    client.start(timeout=10)
    return client


def server_version():
    zk = connect()
    try:
        out("server_version", ".".join(str(part) for part in zk.server_version()))
    finally:
        zk.stop()
        zk.close()


def session():
    zk = connect()
    other = connect()
    try:
        out("session", "%x" % zk.client_id[0])

        # create / get / set, with version checks
        out("create", zk.create(root, b"root"))
        out("create.child", zk.create(root + "/a", b"hello"))
        try:
            zk.create(root + "/a", b"again")
            out("create.again", "no error")
        except NodeExistsError:
            out("create.again", "NodeExistsError")
        data, stat = zk.get(root + "/a")
        out("get", data.decode())
        out("get.version", stat.version)
        out("get.dataLength", stat.dataLength)
        stat = zk.set(root + "/a", b"world")
        out("set.version", stat.version)
        try:
            zk.set(root + "/a", b"stale", version=0)
            out("set.stale", "no error")
        except BadVersionError:
            out("set.stale", "BadVersionError")
        out("get.after.set", zk.get(root + "/a")[0].decode())
        try:
            zk.get(root + "/missing")
            out("get.missing", "no error")
        except NoNodeError:
            out("get.missing", "NoNodeError")

        # sequential ephemerals: numbered by the parent's cversion, owned by this session
        first = zk.create(root + "/e-", b"", ephemeral=True, sequence=True)
        second = zk.create(root + "/e-", b"", ephemeral=True, sequence=True)
        out("seq.first", first)
        out("seq.second", second)
        out("seq.owner", "%x" % zk.exists(first).ephemeralOwner)

        # a transaction that commits, then one that rolls back as a whole
        tx = zk.transaction()
        tx.check(root + "/a", 1)
        tx.create(root + "/t1", b"one")
        tx.set_data(root + "/a", b"in-tx")
        tx.delete(second)
        results = tx.commit()
        out("tx.results", "|".join(describe(r) for r in results))
        out("tx.a", zk.get(root + "/a")[0].decode())
        out("tx.t1", zk.get(root + "/t1")[0].decode())
        out("tx.second.exists", zk.exists(second) is not None)
        tx = zk.transaction()
        tx.create(root + "/t2", b"two")
        tx.check(root + "/a", 99)
        results = tx.commit()
        out("tx.failed.results", "|".join(describe(r) for r in results))
        out("tx.failed.t2.exists", zk.exists(root + "/t2") is not None)

        # the Lock recipe across two sessions
        lock = zk.Lock(root + "/lock", "first")
        rival = other.Lock(root + "/lock", "second")
        out("lock.acquired", lock.acquire(timeout=10))
        out("lock.rival.nonblocking", rival.acquire(blocking=False))
        out("lock.contenders", ",".join(lock.contenders()))
        lock.release()
        out("lock.rival.after.release", rival.acquire(timeout=10))
        rival.release()

        # a DataWatch sees a change made by another session
        zk.create(root + "/w", b"initial")
        seen = []
        changed = threading.Event()

        @zk.DataWatch(root + "/w")
        def watch(data, stat):
            seen.append(data.decode() if data is not None else "None")
            if data == b"changed":
                changed.set()

        other.set(root + "/w", b"changed")
        out("datawatch.fired", changed.wait(10))
        out("datawatch.seen", ",".join(seen))

        out("done", "ok")
    finally:
        other.stop()
        other.close()
        zk.stop()
        zk.close()


def describe(result):
    if isinstance(result, Exception):
        return type(result).__name__
    if hasattr(result, "version"):
        return "stat:v%d" % result.version
    return str(result)


if __name__ == "__main__":
    try:
        {"session": session, "server-version": server_version}[mode]()
    except Exception:
        out("ERROR", traceback.format_exc().replace("\n", " | "))
        sys.exit(1)
