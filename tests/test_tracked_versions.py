"""
Versions read from Redis are kept by each app process until Redis says they
changed: a change shows in every process on its very next read, whatever
happened to the process's connections.
"""

import os
import uuid

import pytest
import redis

from diseases import tracked_versions
from diseases.tracked_versions import TRUSTED_SECONDS, TrackedVersions, changed

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/11")


@pytest.fixture
def writer():
    return redis.Redis.from_url(TEST_REDIS_URL)


@pytest.fixture
def key(writer):
    """A key of this test's own, removed afterwards."""
    name = f"test-tracked-versions:{uuid.uuid4().hex}"
    yield name
    writer.delete(name)


def app_process():
    """What one app process keeps: its own connections to Redis."""
    return TrackedVersions(redis.ConnectionPool.from_url(TEST_REDIS_URL))


def listeners(writer):
    return {client["id"] for client in writer.client_list() if client["name"] == tracked_versions.LISTENER_NAME}


def test_every_process_reads_each_change_on_its_very_next_read(writer, key):
    first, second = app_process(), app_process()
    assert first.get(key) is None and second.get(key) is None

    for version in range(300):
        changed(writer, key, version)
        assert first.get(key) == second.get(key) == str(version).encode()
        assert first.get(key) == str(version).encode()


def test_a_known_version_costs_no_command(writer, key, redis_commands):
    process = app_process()
    changed(writer, key, "one")
    process.get(key)
    redis_commands.clear()

    assert process.get(key) == b"one"
    assert redis_commands == []


def test_a_process_whose_invalidations_stopped_arriving_reads_again(writer, key):
    process = app_process()
    before = listeners(writer)
    changed(writer, key, "one")
    assert process.get(key) == b"one"
    [listener] = listeners(writer) - before

    writer.client_kill_filter(_id=listener)
    changed(writer, key, "two")

    assert process.get(key) == b"two"
    changed(writer, key, "three")
    assert process.get(key) == b"three"


def test_a_version_is_trusted_for_a_second_at_most_if_an_invalidation_never_came(writer, key, monkeypatch):
    process = app_process()
    changed(writer, key, "one")
    process.get(key)
    # A network failure that lost the invalidation without closing the connection.
    monkeypatch.setattr(TrackedVersions, "_forget_invalidated", lambda self: None)
    changed(writer, key, "two")
    assert process.get(key) == b"one"

    now = tracked_versions.time.monotonic()
    monkeypatch.setattr(tracked_versions.time, "monotonic", lambda: now + TRUSTED_SECONDS)

    assert process.get(key) == b"two"


def test_a_server_that_refuses_tracking_is_read_every_time(writer, key, monkeypatch):
    def refuse(self):
        raise redis.ResponseError("unknown subcommand 'TRACKING'")

    monkeypatch.setattr(TrackedVersions, "_connect", refuse)
    process = app_process()
    for version in ("one", "two", "three"):
        changed(writer, key, version)
        assert process.get(key) == version.encode()


def test_a_forked_worker_reads_on_connections_of_its_own(writer, key):
    parent = app_process()
    changed(writer, key, "before the fork")
    assert parent.get(key) == b"before the fork"

    child = os.fork()
    if child == 0:
        # The child changes the version and reads it: on its parent's sockets it would take the parent's invalidation.
        changed(redis.Redis.from_url(TEST_REDIS_URL), key, "changed by the child")
        os._exit(0 if parent.get(key) == b"changed by the child" else 1)
    _pid, status = os.waitpid(child, 0)

    assert os.waitstatus_to_exitcode(status) == 0
    assert parent.get(key) == b"changed by the child"
