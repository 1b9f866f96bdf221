"""What happens once a pair is mentoring: session logs and concerns, reminders, and the
monitoring flags coordinators work through. Each area is a Django app of its own
(sessions_log.<area>); today only monitoring's settings exist."""
