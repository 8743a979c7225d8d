"""Writes of DWCPs: creation and edits, the status lifecycle, signatories and the tripartite
steering committee [DOMAIN §2; seeds/001 ¶6, ¶16(b)].

Every function checks the access policy, validates the business rules with messages a field
officer understands (:class:`core.errors.ApplicationError`, with the fields concerned), and
writes in one transaction, so a refused action leaves nothing behind. Rows whose rules depend
on other rows (the overlap rule, transitions) are locked with ``select_for_update``.

``programme.py``: the DWCP itself and its period rules; ``lifecycle.py``: the status steps;
``committee.py``: signatories, the steering committee, its meetings and decisions;
``_common.py``: the policy check, history and save every write shares. Import from
``programmes.services.dwcp``.
"""
from __future__ import annotations

from .committee import (
    DECISION_FIELDS,
    MEETING_FIELDS,
    MEMBER_FIELDS,
    SIGNATORY_FIELDS,
    committee_decision_create,
    committee_decision_delete,
    committee_decision_update,
    committee_meeting_create,
    committee_meeting_delete,
    committee_meeting_update,
    committee_member_create,
    committee_member_delete,
    committee_member_update,
    dwcp_check_party,
    signatory_create,
    signatory_delete,
    signatory_update,
)
from .lifecycle import (
    REQUIRED_PARTIES,
    TRANSITIONS,
    Transition,
    dwcp_missing_parties,
    dwcp_next_steps,
    dwcp_transition,
)
from .programme import (
    DWCP_EDITABLE,
    FIRST_YEAR,
    LAST_YEAR,
    dwcp_check_period,
    dwcp_create,
    dwcp_delete,
    dwcp_update,
    validate_period,
)

__all__ = [
    "DECISION_FIELDS", "DWCP_EDITABLE", "FIRST_YEAR", "LAST_YEAR", "MEETING_FIELDS",
    "MEMBER_FIELDS", "REQUIRED_PARTIES", "SIGNATORY_FIELDS", "TRANSITIONS", "Transition",
    "committee_decision_create", "committee_decision_delete", "committee_decision_update",
    "committee_meeting_create", "committee_meeting_delete", "committee_meeting_update",
    "committee_member_create", "committee_member_delete", "committee_member_update",
    "dwcp_check_party", "dwcp_check_period", "dwcp_create", "dwcp_delete",
    "dwcp_missing_parties", "dwcp_next_steps", "dwcp_transition", "dwcp_update",
    "signatory_create", "signatory_delete", "signatory_update", "validate_period",
]
