"""Writes of an intervention's participant list, one person at a time, and the rules all
participation writes share (which interventions take participation, how a person is
recognized). See :mod:`capacity.services.participation`."""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from capacity.models import (
    Intervention,
    InterventionStatus,
    Participant,
    ParticipantGroup,
    ParticipationCount,
    Sex,
)
from constituents.models import Constituent, Country
from core.errors import ApplicationError

from ._common import Errors, decimal_or_none, delete, require_change, save, text
from .computed import capacity_recompute_after_commit as _after_commit_recompute

if TYPE_CHECKING:
    from core.models import User


HUNDRED = Decimal(100)
MAX_ROWS = 5000
TOOK_PLACE = (InterventionStatus.ONGOING, InterventionStatus.COMPLETED)


def person_key(name: str, country_iso3: str) -> str:
    """How the same person is recognized across interventions: the name without accents,
    punctuation, case or extra spaces, and the country."""
    plain = unicodedata.normalize("NFKD", name or "")
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).casefold()
    plain = re.sub(r"[^\w\s]", " ", plain)
    plain = " ".join(plain.split())
    return f"{country_iso3.upper()}|{plain}"[:260]


def require_took_place(intervention: Intervention) -> None:
    if intervention.status not in TOOK_PLACE:
        raise ApplicationError(
            _("Participation is recorded once an intervention is ongoing or completed; this "
              "one is %(s)s.") % {"s": intervention.get_status_display().lower()})


def participant_create(*, user: User | None, intervention: Intervention, name: str,
                       participant_group: str,
                       country: Country, sex: str = Sex.NOT_RECORDED, organization: str = "",
                       constituent: Constituent | None = None,
                       pre_test_score: Decimal | None = None,
                       post_test_score: Decimal | None = None,
                       reason: str = "") -> Participant:
    """Add one person to an intervention's participant list."""
    current = Intervention.objects.select_for_update().get(pk=intervention.pk)
    require_change(user, current, _("You may not record participation in this intervention."))
    require_took_place(current)
    if ParticipationCount.objects.filter(intervention=current).exists():
        raise ApplicationError(_("Participation of this intervention is recorded as counts: "
                                 "remove the counts before keeping a list."))
    errors = Errors()
    if not text(name):
        errors.add("name", _("This field is required."))
    if sex not in Sex.values:
        errors.add("sex", _("Choose female, male or not recorded."))
    if participant_group not in ParticipantGroup.values:
        errors.add("participant_group", _("Choose a constituent group."))
    if constituent is not None and constituent.country_id != country.pk:
        errors.add("constituent", _("Choose an organization of %(c)s.") % {"c": country.name})
    scores = {n: decimal_or_none(errors, n, v, minimum=Decimal(0), maximum=HUNDRED)
              for n, v in (("pre_test_score", pre_test_score),
                           ("post_test_score", post_test_score))}
    key = person_key(text(name), country.iso3)
    if text(name) and current.participants.filter(person_key=key).exists():
        errors.add("name", _("This person is already on the participant list."))
    errors.raise_if_any(_("The participant could not be saved: check the fields marked."))
    participant = Participant(intervention=current, name=text(name), sex=sex,
                              organization=text(organization) or (
                                  constituent.name if constituent else ""),
                              constituent=constituent, participant_group=participant_group,
                              country=country, person_key=key, **scores)
    save(participant, user=user, reason=reason)
    _after_commit_recompute()
    return participant


@transaction.atomic
def participant_delete(*, user: User | None, participant: Participant, reason: str = "") -> None:
    current = Participant.objects.select_related("intervention").get(pk=participant.pk)
    require_change(user, current.intervention,
                   _("You may not record participation in this intervention."))
    delete(current, user=user, reason=reason)
    _after_commit_recompute()
