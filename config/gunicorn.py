"""gunicorn's settings, for the production image (Dockerfile, docker-compose) and the bench:
`gunicorn -c config/gunicorn.py config.wsgi`. Environment variables override the numbers."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# Recycle a worker now and then so that a slow leak cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
accesslog = "-"
# The path only (%(U)s), never the query string or the referring page: an inbox search by
# a patient's name or NHS number must not reach the logs. Time taken in milliseconds.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'


def post_worker_init(worker: object) -> None:
    """Once a worker has loaded the app (and every view, through the URLconf), move what it
    holds for good out of the garbage collector's sight (gc.freeze). A full collection
    otherwise walks those 150,000 objects (about 27 ms) now and then in the middle of a
    request; with them frozen the monitoring page's 99th percentile under load went from
    60 to 82 ms to 51 to 54 ms (bench/README.md, "Where a page's time goes")."""
    import gc

    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view before freezing
    gc.collect()
    gc.freeze()
