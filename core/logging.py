"""Keep people's details out of the logs.

PostgreSQL puts row values into its error messages ("DETAIL:  Failing row contains (...)",
"Key (email)=(...) already exists", 'invalid input syntax for type date: "..."', the
"LINE 1: ..." excerpt of a query), and Django and Celery log those messages, and the
tracebacks that carry them, whenever a database error goes unhandled. `RedactPersonalData`
is attached to every handler in settings.LOGGING and rewrites each record before it is
written: the message is formatted and redacted, the exception is formatted into
`exc_text` and redacted. Constraint, table and column names stay, so the log still says
what went wrong.
"""

from __future__ import annotations

import logging
import re

REDACTED = "[redacted]"

# A DETAIL/CONTEXT/STATEMENT part runs to the next blank line, the next part of the
# error, or the next part of a traceback. Row values may themselves contain newlines
# (an address typed on several lines), so one line is not enough.
_NEXT_PART = (
    r"(?=\n[ \t]*\n|\n(?:HINT|CONTEXT|STATEMENT|LINE \d+):|\nTraceback |\nThe above exception"
    r"|\nDuring handling|\n[ \t]+File \"|\Z)"
)
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # DETAIL:  Failing row contains (...). / Key (email)=(...) already exists.
    (re.compile(r"\b(DETAIL|CONTEXT|STATEMENT):.*?" + _NEXT_PART, re.S), rf"\1: {REDACTED}"),
    # The excerpt of the query PostgreSQL quotes after some errors; the caret line is safe.
    (re.compile(r"\b(LINE \d+):[^\n]*"), rf"\1: {REDACTED}"),
    # The same phrases outside a DETAIL part (for example a message cut differently).
    (
        re.compile(r"Failing row contains \(.*?" + _NEXT_PART, re.S),
        f"Failing row contains {REDACTED}",
    ),
    (re.compile(r"\bKey \(([^\n]*?)\)=\([^\n]*"), rf"Key (\1)=({REDACTED})"),
    # invalid input syntax for type date: "..."; invalid input value for enum x: "...";
    # date/time field value out of range: "..."; malformed array literal: "..."
    (
        re.compile(
            r"((?:invalid input (?:syntax|value) for|value out of range|malformed [a-z ]*literal"
            r"|invalid [a-z ]*value)[^:\n]*:\s*)\"[^\n]*\""
        ),
        rf'\1"{REDACTED}"',
    ),
]


def redact(text: str) -> str:
    """`text` with the values PostgreSQL quotes from rows and queries replaced."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactPersonalData(logging.Filter):
    """Redacts database error details from a record's message and exception text.

    It changes the record itself, so every handler after it, and every formatter, sees
    only the redacted text: the message is formatted here (and `args` cleared), and the
    exception is formatted here into `exc_text`, which formatters use as it is.
    """

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            message = f"{record.msg!s} (arguments could not be formatted)"
        record.msg = redact(message)
        record.args = None
        if record.exc_info:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
