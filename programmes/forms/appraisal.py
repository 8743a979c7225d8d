"""Forms of the quality appraisal pages: the ratings of a whole checklist on one form, and the
reason given when an appraisal is reopened or started. They validate input only; the views
call the services."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import reason_field
from programmes.models import AppraisalCriterion, AppraisalRating, Rating
from programmes.services.appraisal import comment_field, rating_field


class AppraisalForm(forms.Form):
    """A rating (met / partly / not met, or none yet) and a comment per criterion, named
    ``rating-<code>`` and ``comment-<code>`` as the services name them, plus the summary."""

    summary = forms.CharField(label=_("Summary"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    reason = reason_field()

    def __init__(self, *args: Any, criteria: Iterable[AppraisalCriterion],
                 ratings: Iterable[AppraisalRating] = (), summary: str = "",
                 **kwargs: Any) -> None:
        self.criteria = list(criteria)
        by_criterion = {r.criterion_id: r for r in ratings}
        initial: dict[str, Any] = kwargs.pop("initial", None) or {"summary": summary}
        for criterion in self.criteria:
            row = by_criterion.get(criterion.pk)
            initial[rating_field(criterion.code)] = row.rating if row else ""
            initial[comment_field(criterion.code)] = row.comment if row else ""
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for criterion in self.criteria:
            self.fields[rating_field(criterion.code)] = forms.ChoiceField(
                label=criterion.text, required=False, choices=Rating.choices,
                widget=forms.RadioSelect)
            self.fields[comment_field(criterion.code)] = forms.CharField(
                label=_("Comment"), required=False, max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}))

    def rows(self, findings: Mapping[int, list[str]] | None = None
             ) -> list[tuple[AppraisalCriterion, Any, Any, list[str]]]:
        """Each criterion with its bound rating and comment fields and its pre-check's
        ``findings`` (by criterion id), in order."""
        return [(c, self[rating_field(c.code)], self[comment_field(c.code)],
                 (findings or {}).get(c.pk, [])) for c in self.criteria]

    def ratings(self) -> dict[str, dict[str, str]]:
        """The services' input: by criterion code, its rating and comment."""
        data = self.cleaned_data
        return {c.code: {"rating": data.get(rating_field(c.code)) or "",
                         "comment": data.get(comment_field(c.code)) or ""}
                for c in self.criteria}


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why is the appraisal reopened?"), max_length=100)


class StartForm(forms.Form):
    reason = reason_field()
