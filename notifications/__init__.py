"""Every message the app sends: recorded once as a Delivery, sent by a worker through a
channel (email now; text message, letter and call list come with reminders)."""
