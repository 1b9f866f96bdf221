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
