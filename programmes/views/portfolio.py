"""Pages of the development cooperation portfolio: donors (list, detail with their agreements
and the projects these fund, forms), funding agreements (list with filters and totals,
detail, forms) and the UN operational rates of exchange (list, add, edit, import from a
file).

Everyone signed in views them (``core.policy``: unscoped data); partnerships officers and
administrators change them (others get 403 on the forms). Writes go through
:mod:`programmes.services.portfolio`, whose refusals are shown next to the fields."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import access, policy
from core.exports import Column, ListExport
from core.pages import delete_page, form_page, list_page
from core.routing import object_urls, page_url_of
from programmes.filters.portfolio import (
    DonorFilter,
    ExchangeRateFilter,
    FundingAgreementFilter,
)
from programmes.forms.portfolio import (
    AgreementForm,
    DonorForm,
    ExchangeRateForm,
    RateImportForm,
)
from programmes.models import (
    Donor,
    DonorCategory,
    Earmarking,
    ExchangeRate,
    FundingAgreement,
    Project,
)
from programmes.selectors import portfolio as selectors
from programmes.services import portfolio as services
from programmes.views.resources import project_place

TEMPLATES = "programmes/portfolio"

_donor_url = page_url_of("programmes:donor-detail")
_agreement_url = page_url_of("programmes:agreement-detail")


def _require_may_change(request, model) -> None:
    if not policy.may_change_any(request.user, model):
        raise PermissionDenied


def _form(request, *, form, save, done_url, done_message, title, cancel_url, **context):
    return form_page(request, form=form, save=save, done_url=done_url,
                     done_message=done_message, template=f"{TEMPLATES}/form.html",
                     context={"title": title, "cancel_url": cancel_url, **context})


def _delete(request, *, target, delete, done_url, done_message, cancel_url, question):
    return delete_page(request, delete=delete, done_url=done_url, done_message=done_message,
                       template=f"{TEMPLATES}/confirm_delete.html",
                       context={"target": target, "cancel_url": cancel_url,
                                "question": question})


# --- donors ---------------------------------------------------------------------------------

DONORS_EXPORT = ListExport("donors", [
    Column(gettext_lazy("Donor"), "name"),
    Column(gettext_lazy("Short name"), "acronym"),
    Column(gettext_lazy("Category"), "get_category_display"),
    Column(gettext_lazy("Country"), "country.label"),
    Column(gettext_lazy("Agreements"), "agreement_count"),
    Column(gettext_lazy("Approved (US$)"), "approved_usd", places=0),
])

@login_required
def donor_list(request):
    return list_page(request, selectors.donor_list(user=request.user, filters=request.GET),
                     template=f"{TEMPLATES}/donor_list.html", filter=DonorFilter(request.GET),
                     regions=False, export=DONORS_EXPORT, context={
                         "categories": DonorCategory.choices,
                         "can_add": policy.may_change_any(request.user, Donor)})


@login_required
def donor_create(request):
    _require_may_change(request, Donor)
    form = DonorForm(request.POST or None)
    return _form(request, form=form,
                 save=lambda data: services.donor_create(user=request.user, **data),
                 done_url=lambda d: _donor_url(d.pk), done_message=_("The donor was recorded."),
                 title=_("New donor"), cancel_url=reverse("programmes:donor-list"))


@login_required
def donor_detail(request, pk: int):
    donor, can_change = access.check(request.user, selectors.donor_get(pk=pk))
    return render(request, f"{TEMPLATES}/donor_detail.html", {
        "donor": donor, "object": donor, "can_change": can_change,
        "agreements": selectors.donor_agreements(user=request.user, donor=donor),
        "projects": selectors.donor_projects(user=request.user, donor=donor),
        "can_add_agreement": policy.may_change_any(request.user, FundingAgreement),
    })


@login_required
def donor_edit(request, pk: int):
    donor = access.load(request.user, Donor, pk=pk, change=True).obj
    form = DonorForm(request.POST or None, edit=True, initial=DonorForm.initial_for(donor))

    def save(data):
        reason = data.pop("reason", "")
        return services.donor_update(user=request.user, donor=donor, data=data, reason=reason)

    return _form(request, form=form, save=save, done_url=_donor_url(pk),
                 done_message=_("The donor was saved."),
                 title=_("Edit %(donor)s") % {"donor": donor.name}, cancel_url=_donor_url(pk),
                 object=donor)


@login_required
def donor_delete(request, pk: int):
    donor = access.load(request.user, Donor, pk=pk, change=True).obj
    return _delete(request, target=donor,
                   delete=lambda reason: services.donor_delete(user=request.user, donor=donor,
                                                               reason=reason),
                   done_url=(_donor_url(pk) if donor.agreements.exists()
                             else reverse("programmes:donor-list")),
                   done_message=_("The donor was deleted."), cancel_url=_donor_url(pk),
                   question=_("Delete the donor %(donor)s?") % {"donor": donor.name})


# --- funding agreements ---------------------------------------------------------------------

AGREEMENTS_EXPORT = ListExport("funding-agreements", [
    Column(gettext_lazy("Reference"), "reference"),
    Column(gettext_lazy("Title"), "title"),
    Column(gettext_lazy("Mobilized locally"), "locally_mobilized"),
    Column(gettext_lazy("Donor"), "donor.name"),
    Column(gettext_lazy("Donor category"), "donor.get_category_display"),
    Column(gettext_lazy("Approved on"), "approval_date"),
    Column(gettext_lazy("Project"), "project.code"),
    Column(gettext_lazy("Place"), lambda a: project_place(a.project)),
    Column(gettext_lazy("Earmarking"), "get_earmarking_display"),
    Column(gettext_lazy("Amount"), "amount", places=2),
    Column(gettext_lazy("Currency"), "currency"),
    Column(gettext_lazy("Rate (per US$)"), "rate", places=6),
    Column(gettext_lazy("Amount (US$)"), "amount_usd", places=2),
])

@login_required
def agreement_list(request):
    rows = selectors.agreement_list(user=request.user, filters=request.GET)
    filters = FundingAgreementFilter(request.GET)
    return list_page(request, rows, template=f"{TEMPLATES}/agreement_list.html",
                     filter=filters, regions=False, export=AGREEMENTS_EXPORT, context={
                         "filter_errors": filters.errors,
                         "totals": selectors.agreement_totals(rows),
                         "categories": DonorCategory.choices,
                         "earmarkings": Earmarking.choices,
                         "donors": list(Donor.objects.order_by("name")
                                        .values_list("pk", "name")),
                         "donor_selected": request.GET.get("donor", ""),
                         "can_add": policy.may_change_any(request.user, FundingAgreement)})


def _projects_for(request):
    return policy.visible(request.user, Project.objects.order_by("code"))


@login_required
def agreement_create(request):
    _require_may_change(request, FundingAgreement)
    initial = {"currency": "USD"}
    if request.GET.get("donor", "").isdigit():
        initial["donor"] = Donor.objects.filter(pk=int(request.GET["donor"])).first()
    if request.GET.get("project", "").isdigit():
        initial["project"] = Project.objects.filter(pk=int(request.GET["project"])).first()
    form = AgreementForm(request.POST or None, projects=_projects_for(request),
                         initial=initial)
    return _form(request, form=form,
                 save=lambda data: services.agreement_create(user=request.user, **data),
                 done_url=lambda a: _agreement_url(a.pk),
                 done_message=_("The funding agreement was recorded."),
                 title=_("New funding agreement"),
                 cancel_url=reverse("programmes:agreement-list"))


@login_required
def agreement_detail(request, pk: int):
    agreement, can_change = access.check(request.user, selectors.agreement_get(pk=pk))
    return render(request, f"{TEMPLATES}/agreement_detail.html", {
        "agreement": agreement, "object": agreement, "can_change": can_change})


@login_required
def agreement_edit(request, pk: int):
    agreement = access.load(request.user, FundingAgreement, pk=pk, change=True).obj
    form = AgreementForm(request.POST or None, edit=True, projects=_projects_for(request),
                         initial=AgreementForm.initial_for(agreement))

    def save(data):
        reason = data.pop("reason", "")
        return services.agreement_update(user=request.user, agreement=agreement, data=data,
                                         reason=reason)

    return _form(request, form=form, save=save, done_url=_agreement_url(pk),
                 done_message=_("The funding agreement was saved."),
                 title=_("Edit agreement %(ref)s") % {"ref": agreement.reference},
                 cancel_url=_agreement_url(pk), object=agreement)


@login_required
def agreement_delete(request, pk: int):
    agreement = access.load(request.user, FundingAgreement, pk=pk, change=True).obj
    return _delete(request, target=agreement,
                   delete=lambda reason: services.agreement_delete(
                       user=request.user, agreement=agreement, reason=reason),
                   done_url=reverse("programmes:agreement-list"),
                   done_message=_("The funding agreement was deleted."),
                   cancel_url=_agreement_url(pk),
                   question=_("Delete the funding agreement %(ref)s?")
                   % {"ref": agreement.reference})


# --- UN operational rates of exchange -------------------------------------------------------

RATES_EXPORT = ListExport("rates-of-exchange", [
    Column(gettext_lazy("Currency"), "currency"),
    Column(gettext_lazy("Month"), "month"),
    Column(gettext_lazy("Units per US$"), "units_per_usd", places=6),
])

@login_required
def exchange_rate_list(request):
    filters = ExchangeRateFilter(request.GET)
    return list_page(request, selectors.rate_list(user=request.user, filters=request.GET),
                     template=f"{TEMPLATES}/rate_list.html", filter=filters, regions=False,
                     size=50, export=RATES_EXPORT, context={
                         "filter_errors": filters.errors,
                         "currencies": [(c, c) for c in
                                        selectors.rate_currencies(user=request.user)],
                         "can_add": policy.may_change_any(request.user, ExchangeRate)})


_rates_url = "programmes:exchange-rate-list"


@login_required
def exchange_rate_create(request):
    _require_may_change(request, ExchangeRate)
    form = ExchangeRateForm(request.POST or None)
    return _form(request, form=form,
                 save=lambda data: services.exchange_rate_set(user=request.user, **data),
                 done_url=lambda r: f"{reverse(_rates_url)}?currency={r.currency}",
                 done_message=_("The rate of exchange was saved."),
                 title=_("Record a UN operational rate of exchange"),
                 cancel_url=reverse(_rates_url),
                 help=_("Recording a rate for a currency and month already recorded changes "
                        "it; the agreements of that currency approved that month are "
                        "converted again."))


@login_required
def exchange_rate_edit(request, pk: int):
    rate = access.load(request.user, ExchangeRate, pk=pk, change=True).obj
    form = ExchangeRateForm(request.POST or None, editing=True,
                            initial={"currency": rate.currency, "month": rate.month,
                                     "units_per_usd": rate.units_per_usd})

    def save(data):
        return services.exchange_rate_update(
            user=request.user, exchange_rate=rate,
            data={"units_per_usd": data["units_per_usd"]}, reason=data.get("reason", ""))

    return _form(request, form=form, save=save,
                 done_url=f"{reverse(_rates_url)}?currency={rate.currency}",
                 done_message=_("The rate of exchange was saved."),
                 title=_("Correct the rate of %(currency)s for %(month)s")
                 % {"currency": rate.currency, "month": services.month_label(rate.month)},
                 cancel_url=reverse(_rates_url), object=rate,
                 help=_("The agreements of this currency approved in this month are converted "
                        "again at the corrected rate."))


@login_required
def exchange_rate_delete(request, pk: int):
    rate = access.load(request.user, ExchangeRate, pk=pk, change=True).obj
    return _delete(request, target=rate,
                   delete=lambda reason: services.exchange_rate_delete(
                       user=request.user, exchange_rate=rate, reason=reason),
                   done_url=reverse(_rates_url),
                   done_message=_("The rate of exchange was deleted."),
                   cancel_url=reverse(_rates_url),
                   question=_("Delete the rate of %(currency)s for %(month)s?")
                   % {"currency": rate.currency,
                      "month": services.month_label(rate.month)})


@login_required
def exchange_rate_import(request):
    _require_may_change(request, ExchangeRate)
    form = RateImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = services.exchange_rates_import(user=request.user, file=upload,
                                                name=upload.name)
        if not result.errors:
            messages.success(request, _(
                "Rates imported: %(created)s, %(updated)s changed, %(same)s unchanged.") % {
                    "created": ngettext("%(n)d new", "%(n)d new", result.created)
                    % {"n": result.created},
                    "updated": result.updated, "same": result.unchanged})
            return redirect(_rates_url)
        problems = result.errors
    status = 400 if problems else 200
    return render(request, f"{TEMPLATES}/rate_import.html",
                  {"form": form, "problems": problems}, status=status)


urlpatterns = [
    *object_urls("donors", "donor", list=donor_list, create=donor_create, detail=donor_detail,
                 edit=donor_edit, delete=donor_delete),
    *object_urls("funding-agreements", "agreement", list=agreement_list,
                 create=agreement_create, detail=agreement_detail, edit=agreement_edit,
                 delete=agreement_delete),
    *object_urls("exchange-rates", "exchange-rate", list=exchange_rate_list,
                 create=exchange_rate_create, edit=exchange_rate_edit,
                 delete=exchange_rate_delete),
    path("exchange-rates/import/", exchange_rate_import, name="exchange-rate-import"),
]
