"""Writes of capacity development, by sub-domain. Every function is keyword-only, atomic
(a refused write leaves nothing behind), takes ``user`` (``None`` = a system write: imports,
demo data, the worker) and checks core.policy; rules raise
:class:`core.errors.ApplicationError` with field errors. See docs/capacity.md."""
