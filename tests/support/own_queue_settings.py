"""Settings for a test worker whose tasks queue further tasks (the reminder planning queues
each message): they go to the worker's own test queue, not the default one."""

import os

from config.settings import *  # noqa: F403

CELERY_TASK_DEFAULT_QUEUE = os.environ["TEST_WORKER_QUEUE"]
