"""Small shared pieces every app may use: dates, choices, validators, the access base,
the lifecycle helper, programme-settings base, logging redaction. Imports nothing of ours."""
