"""
Versions read from Redis, kept in this process until Redis says they changed.

The page cache reads the generation of the public site on every hit; the
round trip to Redis for it cost more than the rest of the hit. Redis (6 and
later) offers to remember which keys a connection read and to tell it when
one changes (server-assisted client-side caching, `CLIENT TRACKING`): each
process reads versions on a tracked connection whose invalidations Redis
sends to a second connection of the same process, subscribed to them. A hit
then costs a look at that second connection's socket, which holds an
invalidation as soon as Redis has one to send.

Exact, not eventually right: `changed()` asks Redis for one more answer after
the change, and Redis answers only once it has sent the change's
invalidations to every process that read the key; a request that starts
after the change finds them waiting. A process that loses either connection
forgets every version it kept, and trusts none for longer than
`TRUSTED_SECONDS`, in case a network failure it could not see left it
unaware of a change. A server that refuses tracking is read on every call.
"""

import os
import threading
import time
import weakref

from redis import exceptions

# A connection lost: Redis's exceptions, not Python's built-ins of the same names.
LOST = (exceptions.ConnectionError, exceptions.TimeoutError, OSError)

INVALIDATIONS = "__redis__:invalidate"
LISTENER_NAME = "tracked-versions-invalidations"
TRUSTED_SECONDS = 1.0


class TrackedVersions:
    """The versions one process read through one Redis connection pool."""

    def __init__(self, pool):
        self.pool = pool
        self.lock = threading.Lock()
        self.tracking_refused = False
        self._forget_connections()

    def get(self, key):
        """The bytes under `key`, None when there are none; read from Redis only after a change."""
        with self.lock:
            if self.tracking_refused:
                return self._read(self._plain_connection(), key)
            try:
                return self._tracked(key.encode())
            except exceptions.ResponseError:
                # Redis older than 6, or a proxy in front of it that does not pass tracking on.
                self.tracking_refused = True
                self._disconnect()
                return self._read(self._plain_connection(), key)
            except LOST:
                # Redis restarted, or closed an idle connection: once more on new connections.
                self._disconnect()
                try:
                    return self._tracked(key.encode())
                except LOST:
                    self._disconnect()
                    raise

    def _tracked(self, key):
        if self.process != os.getpid():
            # A forked worker shares its parent's sockets: it needs connections and versions of its own.
            self._forget_connections()
        if self.reader is None:
            self._connect()
        self._forget_invalidated()
        known = self.versions.get(key)
        if known is not None and time.monotonic() - known[1] < TRUSTED_SECONDS:
            return known[0]
        read_at = time.monotonic()
        value = self._read(self.reader, key)
        # Redis tracks a key once read, present or not: a value created later is an invalidation too.
        self.versions[key] = (value, read_at)
        return value

    def _forget_invalidated(self):
        while self.listener.can_read(timeout=0):
            message = self.listener.read_response()
            if message[0] != b"message":
                continue
            invalidated = message[2]
            if invalidated is None:
                # The whole database was flushed.
                self.versions.clear()
            else:
                for key in invalidated:
                    self.versions.pop(key, None)

    def _connect(self):
        listener = self._new_connection()
        # Named for whoever reads CLIENT LIST: a process's invalidations arrive on it.
        listener.send_command("CLIENT", "SETNAME", LISTENER_NAME)
        listener.read_response()
        listener.send_command("CLIENT", "ID")
        listener_id = listener.read_response()
        listener.send_command("SUBSCRIBE", INVALIDATIONS)
        listener.read_response()
        reader = self._new_connection()
        reader.send_command("CLIENT", "TRACKING", "ON", "REDIRECT", listener_id)
        reader.read_response()
        self.listener, self.reader = listener, reader

    def _plain_connection(self):
        if self.process != os.getpid() or self.reader is None:
            self._forget_connections()
            self.reader = self._new_connection()
        return self.reader

    def _new_connection(self):
        # RESP2, where invalidations are plain messages on the subscribed
        # connection rather than pushes that redis-py hands to handlers of its own.
        return self.pool.connection_class(**{**self.pool.connection_kwargs, "protocol": 2})

    @staticmethod
    def _read(connection, key):
        try:
            connection.send_command("GET", key)
            return connection.read_response()
        except LOST:
            connection.disconnect()
            raise

    def _disconnect(self):
        for connection in (self.listener, self.reader):
            if connection is not None:
                connection.disconnect()
        self._forget_connections()

    def _forget_connections(self):
        self.process = os.getpid()
        self.listener = self.reader = None
        self.versions = {}


_by_pool = weakref.WeakKeyDictionary()
_by_pool_lock = threading.Lock()


def tracked_versions(client):
    """This process's tracked versions for the Redis client `client` (redis-py)."""
    pool = client.connection_pool
    with _by_pool_lock:
        versions = _by_pool.get(pool)
        if versions is None:
            versions = _by_pool[pool] = TrackedVersions(pool)
        return versions


def changed(client, key, value):
    """
    Set `key` to `value`, and return once Redis has sent the change to every
    process that keeps the key: Redis sends the invalidations it owes before
    it answers the next command on this connection.
    """
    client.set(key, value)
    client.ping()
