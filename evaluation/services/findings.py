"""Writes of what an evaluation found: ratings (one per criterion, on the six-point scale,
with a justification), lessons learned and emerging good practices (with their context,
causal factors, users and tags).

Findings are recorded once the evaluation has started (not while it is planned, nor once
cancelled); once the evaluation is published they change only with a reason. Who may:
:data:`core.policy.MANAGE_EVALUATION`."""
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import transaction
from django.utils.translation import gettext as _

from capacity.models import CapacityLevel, TechnicalArea
from core import policy
from core.errors import ApplicationError
from core.roles import ConstituentGroup
from evaluation.models import (
    Criterion,
    Evaluation,
    EvaluationStatus,
    GoodPractice,
    Learning,
    Lesson,
    Rating,
    Score,
)

from ._common import (
    Errors,
    check_choice,
    delete,
    recompute_after_commit,
    save,
    text,
    unknown_fields,
)

if TYPE_CHECKING:
    from core.models import User

__all__ = [
    "LEARNING_FIELDS", "evaluation_check_open", "good_practice_create", "good_practice_delete",
    "good_practice_update", "lesson_create", "lesson_delete", "lesson_update",
    "rating_delete", "rating_set",
]

L = TypeVar("L", bound=Learning)

LEARNING_FIELDS = ("title", "description", "context", "causal_factors", "users",
                   "technical_area", "constituent_group", "capacity_level", "region",
                   "country", "pb_outcome")
PRACTICE_FIELDS = (*LEARNING_FIELDS, "replication")


def evaluation_check_open(*, evaluation: Evaluation, user: User | None, reason: str = "",
                          what: Any = None) -> None:
    """Refuse changes to what an evaluation found (and recommended) unless ``user`` manages
    it, it has started and is not cancelled, and, once published, a reason is given."""
    policy.MANAGE_EVALUATION.require(user, evaluation, _("You may not manage this evaluation."))
    if evaluation.status == EvaluationStatus.PLANNED:
        raise ApplicationError(_("Start the evaluation before recording %(what)s.")
                               % {"what": what or _("its findings")})
    if evaluation.status == EvaluationStatus.CANCELLED:
        raise ApplicationError(_("The evaluation is cancelled."))
    if evaluation.status == EvaluationStatus.PUBLISHED and not text(reason):
        raise ApplicationError(_("The evaluation is published: say why this is changed."),
                               field_errors={"reason": [_("Say why this is changed.")]})


# --- ratings --------------------------------------------------------------------------------

@transaction.atomic
def rating_set(*, user: User | None, evaluation: Evaluation, criterion: str, score: int,
               justification: str, reason: str = "") -> Rating:
    """Record or change the rating of one criterion."""
    evaluation_check_open(evaluation=evaluation, user=user, reason=reason,
                          what=_("its ratings"))
    errors = Errors()
    check_choice(errors, "criterion", criterion, Criterion)
    try:
        score = int(score)
    except (TypeError, ValueError):
        errors.add("score", _("Choose a rating from 1 (highly unsatisfactory) to 6 (highly "
                              "satisfactory)."))
    else:
        if score not in Score.values:
            errors.add("score", _("Choose a rating from 1 (highly unsatisfactory) to 6 "
                                  "(highly satisfactory)."))
    justification = text(justification)
    if not justification:
        errors.add("justification", _("Say why the evaluators gave this rating."))
    errors.raise_if_any(_("The rating could not be saved: check the fields marked."))
    rating = Rating.objects.select_for_update().filter(evaluation=evaluation,
                                                       criterion=criterion).first()
    if rating is None:
        rating = Rating(evaluation=evaluation, criterion=criterion, score=score,
                        justification=justification)
        save(rating, user=user, reason=reason)
    elif (rating.score, rating.justification) != (score, justification):
        rating.score, rating.justification = score, justification
        save(rating, user=user, reason=reason, update_fields=["score", "justification"])
    recompute_after_commit()
    return rating


@transaction.atomic
def rating_delete(*, user: User | None, rating: Rating, reason: str = "") -> None:
    evaluation_check_open(evaluation=rating.evaluation, user=user, reason=reason)
    delete(rating, user=user, reason=reason)
    recompute_after_commit()


# --- lessons and good practices -------------------------------------------------------------

def _check_learning(values: dict[str, Any], evaluation: Evaluation) -> None:
    errors = Errors()
    for name in ("title", "description", "context", "causal_factors", "users", "replication"):
        if name in values:
            values[name] = text(values[name])
    if not values["title"]:
        errors.add("title", _("This field is required."))
    if not values["description"]:
        errors.add("description", _("This field is required."))
    for name, choices in (("technical_area", TechnicalArea),
                          ("constituent_group", ConstituentGroup),
                          ("capacity_level", CapacityLevel)):
        values[name] = values.get(name) or ""
        check_choice(errors, name, values[name], choices, required=False)
    country, region = values.get("country"), values.get("region")
    if country is not None and region is None:
        values["region"] = country.region
    elif country is not None and region is not None and country.region_id != region.pk:
        errors.add("country", _("%(country)s is not in %(region)s.")
                   % {"country": country.name, "region": region.label})
    errors.raise_if_any()


def _learning_create(model: type[L], fields: tuple[str, ...], *, user: User | None,
                     evaluation: Evaluation, data: Mapping[str, Any], reason: str) -> L:
    unknown_fields(data, fields)
    evaluation_check_open(evaluation=evaluation, user=user, reason=reason)
    values = {name: data.get(name) for name in fields}
    _check_learning(values, evaluation)
    return save(model(evaluation=evaluation, **values), user=user, reason=reason)


def _learning_update(obj: L, fields: tuple[str, ...], *, user: User | None,
                     data: Mapping[str, Any], reason: str) -> L:
    unknown_fields(data, fields)
    evaluation_check_open(evaluation=obj.evaluation, user=user, reason=reason)
    values = {name: data.get(name, getattr(obj, name)) for name in fields}
    _check_learning(values, obj.evaluation)
    changed = [n for n in fields if getattr(obj, n) != values[n]]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        save(obj, user=user, reason=reason, update_fields=changed)
    return obj


@transaction.atomic
def lesson_create(*, user: User | None, evaluation: Evaluation, data: Mapping[str, Any],
                  reason: str = "") -> Lesson:
    """Record a lesson learned (:data:`LEARNING_FIELDS`)."""
    return _learning_create(Lesson, LEARNING_FIELDS, user=user, evaluation=evaluation,
                            data=data, reason=reason)


@transaction.atomic
def lesson_update(*, user: User | None, lesson: Lesson, data: Mapping[str, Any],
                  reason: str = "") -> Lesson:
    return _learning_update(lesson, LEARNING_FIELDS, user=user, data=data, reason=reason)


@transaction.atomic
def lesson_delete(*, user: User | None, lesson: Lesson, reason: str = "") -> None:
    evaluation_check_open(evaluation=lesson.evaluation, user=user, reason=reason)
    delete(lesson, user=user, reason=reason)


@transaction.atomic
def good_practice_create(*, user: User | None, evaluation: Evaluation, data: Mapping[str, Any],
                         reason: str = "") -> GoodPractice:
    """Record an emerging good practice (:data:`LEARNING_FIELDS` and ``replication``)."""
    return _learning_create(GoodPractice, PRACTICE_FIELDS, user=user, evaluation=evaluation,
                            data=data, reason=reason)


@transaction.atomic
def good_practice_update(*, user: User | None, practice: GoodPractice,
                         data: Mapping[str, Any], reason: str = "") -> GoodPractice:
    return _learning_update(practice, PRACTICE_FIELDS, user=user, data=data, reason=reason)


@transaction.atomic
def good_practice_delete(*, user: User | None, practice: GoodPractice, reason: str = "") -> None:
    evaluation_check_open(evaluation=practice.evaluation, user=user, reason=reason)
    delete(practice, user=user, reason=reason)
