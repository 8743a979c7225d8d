"""Helpers for tests in which two real PostgreSQL transactions meet."""
from __future__ import annotations

import threading

from django.db import connection


def backend_pid() -> int:
    """The server process of this thread's connection."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def wait_until_blocked(pids: list[int], timeout: float = 10) -> None:
    """Wait until the other transaction, whose server process id is (or will be) in ``pids``,
    waits for a lock; raise if it never does."""
    step = 0.025
    with connection.cursor() as cursor:
        for _ in range(int(timeout / step)):
            if pids:
                cursor.execute("SELECT count(*) FROM pg_locks WHERE pid = %s AND NOT granted",
                               [pids[0]])
                if cursor.fetchone()[0]:
                    return
            threading.Event().wait(step)
    raise AssertionError("the second transaction never waited for the first")
