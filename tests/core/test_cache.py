"""The cache falls back to a local count when Redis cannot be reached."""

import socket

from core.cache import RedisWithLocalFallback


def unused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_with_redis_unreachable_the_cache_counts_in_memory_instead_of_failing():
    cache = RedisWithLocalFallback(
        f"redis://127.0.0.1:{unused_port()}/0",
        {"OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2}, "KEY_PREFIX": "t"},
    )
    assert cache.add("attempts", 1, 60) is True
    assert cache.incr("attempts") == 2
    assert cache.get("attempts") == 2
    assert cache.add("attempts", 1, 60) is False  # so a rate limit keeps counting
    cache.clear()
    assert cache.get("attempts") is None
