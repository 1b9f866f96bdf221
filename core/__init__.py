"""Shared pieces that belong to no app: logging redaction, client addresses, middleware.

Import-only (not a Django app): it has no models, templates or migrations.
"""
