"""The Celery application. Settings come from Django settings under the CELERY_ prefix."""

import logging.config
import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("mentoring")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def log_through_django_settings(**kwargs: object) -> None:
    """Worker and beat log through settings.LOGGING, whose handlers redact personal data,
    instead of handlers of Celery's own."""
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
