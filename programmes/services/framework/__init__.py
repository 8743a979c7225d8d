"""Writes to a DWCP's results framework: country priorities → CPOs → outputs, and each CPO's
link to a P&B outcome for every biennium it spans [DOMAIN §2].

Every function is atomic and audited: ``reason`` lands in the history record as the change
reason and ``user`` as the history user. Rule violations raise
:class:`core.errors.ApplicationError` with field errors so forms and the API show the message
next to the field; nothing is half-written (every rule is checked before the first write).

Access: with a ``user`` the function refuses (``PermissionDenied``) unless the policy lets
the user change the DWCP the object belongs to. ``user=None`` is a system write (demo data,
imports) and skips that check.

"Spans": a biennium belongs to a DWCP when its two years overlap the DWCP's years. A DWCP
2012–2016 thus spans 2012–13, 2014–15 and 2016–17 (it runs during 2016, the first year of
2016–17), but not 2010–11.

``priorities.py``, ``cpos.py``, ``outputs.py``: the writes of each level; ``_common.py``: what
they share. Import from ``programmes.services.framework``.
"""
from __future__ import annotations

from ._common import biennia_spanned, biennium_in_dwcp
from .cpos import cpo_create, cpo_delete, cpo_link_errors, cpo_set_outcome_links, cpo_update
from .outputs import output_create, output_delete, output_update
from .priorities import priority_create, priority_delete, priority_update

__all__ = [
    "biennia_spanned", "biennium_in_dwcp", "cpo_create", "cpo_delete", "cpo_link_errors",
    "cpo_set_outcome_links", "cpo_update", "output_create", "output_delete", "output_update",
    "priority_create", "priority_delete", "priority_update",
]
