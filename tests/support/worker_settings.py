"""Settings for a test worker process whose mail server accepts a message and then hangs."""

import os

from config.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.support.email_backends.AcceptThenHangBackend"
EMAIL_FILE_PATH = os.environ["TEST_EMAIL_OUTBOX"]
