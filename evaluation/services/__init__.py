"""Writes of the evaluation app, by sub-domain: evaluations (records, status lifecycle,
files), findings (ratings, lessons, good practices), follow-up (recommendations, management
responses, actions), coverage rules, and the computed figures."""
