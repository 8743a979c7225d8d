"""Forms of the constituent pages. They only check and convert input; the services apply the
business rules and write (errors they raise are put back on the form next to the field)."""
from __future__ import annotations

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _

from core.forms import ReasonMixin
from core.imports import ImportForm

from .models import Affiliation, Constituent, Contact, Country, MembershipFigure
from .selectors import countries_for_new_constituent, types_for_user


def formfield_https(field: models.Field, **kwargs) -> forms.Field | None:
    """Form fields of a model; a web address typed without a scheme is taken as https."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class ServiceModelForm(ReasonMixin, forms.ModelForm):
    """A ModelForm whose uniqueness and cross-field rules are left to the service."""

    def __init__(self, *args, instance=None, **kwargs):
        # Work on a copy: the service compares the stored object with the new values.
        super().__init__(*args, instance=copy.copy(instance) if instance else None, **kwargs)

    def _post_clean(self):
        # Field checks only; uniqueness and constraints are the service's (clearer messages).
        exclude = self._get_validation_exclusions()
        try:
            self.instance = construct_instance(self, self.instance, self._meta.fields,
                                               self._meta.exclude)
            self.instance.full_clean(exclude=exclude, validate_unique=False,
                                     validate_constraints=False)
        except ValidationError as exc:
            self._update_errors(exc)

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self._meta.fields
                if name in self.cleaned_data}
        return data


class ConstituentForm(ServiceModelForm):
    class Meta:
        model = Constituent
        fields = ["country", "name", "acronym", "type", "level", "sector", "website",
                  "address", "notes"]
        formfield_callback = formfield_https
        widgets = {"address": forms.Textarea(attrs={"rows": 3}),
                   "notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:
            del self.fields["country"]
        else:
            self.fields["country"].queryset = countries_for_new_constituent(user=user)
        choices = types_for_user(user=user)
        if self.instance.pk and self.instance.type not in dict(choices):
            choices = [(self.instance.type, self.instance.get_type_display()), *choices]
        self.fields["type"].choices = [("", "---------"), *choices]


class AffiliationForm(ServiceModelForm):
    prefix = "affiliation"

    class Meta:
        model = Affiliation
        fields = ["organization", "since_year"]


class MembershipFigureForm(ServiceModelForm):
    prefix = "membership"

    class Meta:
        model = MembershipFigure
        fields = ["year", "total", "women", "men", "member_kind", "source"]
        widgets = {name: forms.NumberInput(attrs={"min": 0})
                   for name in ("total", "women", "men")}


class ContactForm(ServiceModelForm):
    prefix = "contact"

    class Meta:
        model = Contact
        fields = ["name", "position", "email", "phone", "is_primary"]


class CountryContextForm(ServiceModelForm):
    class Meta:
        model = Country
        fields = ["ilo_office", "decent_work_team", "delivering_as_one_pilot",
                  "ilo_resident_in_unct"]


class ActiveForm(ReasonMixin):
    active = forms.BooleanField(required=False)


class DeleteForm(ReasonMixin):
    pass


class ConstituentImportForm(ImportForm):
    """The constituent import's upload: the file, and the country of rows that name none."""

    country = forms.ChoiceField(
        label=_("Country"), required=False,
        help_text=_("Rows without a country are of this country; with one chosen, rows of "
                    "other countries are refused."))
    field_order = ["file", "country", "reason"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Named in each row")), *(
            (c.iso3, c.label) for c in countries_for_new_constituent(user=user))]

    def options(self) -> dict:
        return {"country": self.cleaned_data.get("country") or ""}
