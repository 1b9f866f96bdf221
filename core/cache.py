"""A Redis cache that keeps working when Redis does not: it falls back to a count kept in
this process's memory, so rate limits (sign-in, password reset, the volunteer form) go on
counting locally instead of refusing everyone or failing with a server error, and every
page keeps working. After a failure Redis is left alone for a few seconds, so a Redis that
is down costs no time on each request; then it is tried again."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import redis
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted

logger = logging.getLogger(__name__)

UNREACHABLE = (ConnectionInterrupted, redis.ConnectionError, redis.TimeoutError, OSError)
RETRY_AFTER_SECONDS = 5.0

_METHODS = [
    "add", "get", "set", "touch", "delete", "get_many", "set_many", "delete_many",
    "has_key", "incr", "decr", "clear", "get_or_set",
]  # fmt: skip


class RedisWithLocalFallback(BaseCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        options = {k: v for k, v in params.get("OPTIONS", {}).items() if k != "IGNORE_EXCEPTIONS"}
        self.redis = RedisCache(server, {**params, "OPTIONS": options})
        self.local = LocMemCache(
            "redis-fallback", {k: v for k, v in params.items() if k != "OPTIONS"}
        )
        self._down_until = 0.0
        self._lock = threading.Lock()

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if time.monotonic() >= self._down_until:
            try:
                return getattr(self.redis, name)(*args, **kwargs)
            except UNREACHABLE as error:
                with self._lock:
                    self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
                logger.warning(
                    "cache: Redis unreachable (%s); counting locally", type(error).__name__
                )
        return getattr(self.local, name)(*args, **kwargs)

    def close(self, **kwargs: Any) -> None:
        self.redis.close(**kwargs)


def _delegate(name: str) -> Callable[..., Any]:
    def method(self: RedisWithLocalFallback, *args: Any, **kwargs: Any) -> Any:
        return self._call(name, *args, **kwargs)

    method.__name__ = name
    return method


for _name in _METHODS:
    setattr(RedisWithLocalFallback, _name, _delegate(_name))
