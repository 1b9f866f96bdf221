"""Small shared pieces every app may use: dates, choices, validators, the access base,
the lifecycle helper, the programme-settings base, logging redaction, client addresses,
middleware. It imports nothing of ours."""
