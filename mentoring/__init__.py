"""The mentoring programme: referrals, recruitment and screening, training, matching.
Each area is a Django app of its own (mentoring.<area>, app label <area>)."""
