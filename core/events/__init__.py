"""The event feed and webhooks (docs/events.md): every event announced through
:func:`core.notifications.announce` is recorded as an :class:`~.models.Event` in the
transaction of its change (:mod:`.record`), listed at /api/v1/events/ after a cursor
(:mod:`.api`), and POSTed, signed, to the webhooks of those who may view it by the worker
(:mod:`.services`, :mod:`.tasks`)."""
