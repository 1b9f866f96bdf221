"""Running calls at the same moment on real database connections, for tests of locks and
constraints under concurrency (use with `django_db(transaction=True)`)."""

import threading

from django.db import connection


def at_once(*calls):
    """Run the calls in threads released together; each thread has its own connection.
    Returns what each returned or raised."""
    start = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            start.wait()
            results[index] = call()
        except Exception as error:  # reported to the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results
