"""Pages of a DWCP's results framework: the priority → CPO → output tree with inline add/edit
(htmx, with plain pages for the same forms when JavaScript is off) and the CPO page.

htmx contract: an "Add"/"Edit" link fetches a small form into a slot (``#<slot_id>``); the
form posts back; on success the server returns the whole updated tree (``#framework-tree``,
swapped outerHTML), on refusal the form again with messages next to the fields, retargeted
at its slot."""
from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from core import access, content, policy
from core.conflicts import EditGuard
from core.errors import ApplicationError, show_on_form
from core.routing import object_urls
from programmes.forms.framework import CpoForm, OutputForm, PriorityForm
from programmes.models import CountryPriority, CountryProgrammeOutcome, Dwcp, Output
from programmes.selectors.framework import cpo_detail as select_cpo
from programmes.selectors.framework import framework_tree
from programmes.services import framework as services

TREE_ID = "framework-tree"


_DWCPS = Dwcp.objects.select_related("country")
_PRIORITIES = CountryPriority.objects.select_related("dwcp__country")
_CPOS = CountryProgrammeOutcome.objects.select_related("dwcp__country")
_OUTPUTS = Output.objects.select_related("cpo__dwcp__country")


def _framework_url(dwcp: Dwcp) -> str:
    return reverse("programmes:dwcp-framework", args=[dwcp.pk])


def _tree_context(request, dwcp: Dwcp, **extra) -> dict:
    return {"dwcp": dwcp, "object": dwcp, "priorities": framework_tree(dwcp=dwcp),
            "can_change": policy.can_change(request.user, dwcp), "tree_id": TREE_ID, **extra}


def _render_tree(request, dwcp: Dwcp, **extra):
    return render(request, "programmes/framework/tree.html",
                  _tree_context(request, dwcp, **extra))


@login_required
def dwcp_framework(request, pk: int):
    """The whole results framework of a DWCP. ``?fragment=1`` or an htmx request: the tree
    only (the DWCP page lazy-loads it)."""
    dwcp = access.load(request.user, _DWCPS, pk=pk).obj
    if request.GET.get("fragment") or request.htmx:
        return _render_tree(request, dwcp)
    return render(request, "programmes/framework/page.html", _tree_context(request, dwcp))


def _node(form) -> dict:
    """What a priority or an output of the tree is written with, from its form."""
    data = form.cleaned_data
    return {**{name: data[name] for name in ("code", "title", "description", "order", "reason")},
            "translations": content.translations_from(data)}


def _form_view(request, *, dwcp: Dwcp, form, slot_id: str, heading: str,
               save: Callable[[dict], object], done_url: str, done_message: str,
               guard: EditGuard | None = None):
    """Shared GET/POST handling of the tree's small forms (see module docstring); ``guard``
    refuses to overwrite a record changed since the form was opened (core.conflicts)."""
    if guard is not None:
        save = guard.save(save)
    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except ApplicationError as exc:
            show_on_form(form, exc)
        else:
            if request.htmx:
                return _render_tree(request, dwcp, flash=done_message)
            messages.success(request, done_message)
            return redirect(done_url)
    context = {"dwcp": dwcp, "form": form, "slot_id": slot_id, "heading": heading,
               "action": request.get_full_path(), "back_url": done_url, "tree_id": TREE_ID,
               "fragment_url": _framework_url(dwcp) + "?fragment=1", "version_guard": guard}
    if request.htmx:
        response = render(request, "programmes/framework/form_fragment.html", context)
        if request.method == "POST":
            response["HX-Retarget"] = f"#{slot_id}"
            response["HX-Reswap"] = "outerHTML"
        return response
    return render(request, "programmes/framework/form_page.html", context)


def _delete_view(request, *, dwcp: Dwcp, obj, delete: Callable[[str], None], done_url: str,
                 done_message: str):
    if request.method != "POST":
        return render(request, "programmes/framework/confirm_delete.html",
                      {"dwcp": dwcp, "target": obj, "back_url": done_url})
    reason = request.POST.get("reason", "")[:100]
    try:
        delete(reason)
    except ApplicationError as exc:
        if request.htmx:
            return _render_tree(request, dwcp, flash_error=exc.message)
        messages.error(request, exc.message)
        return redirect(done_url)
    if request.htmx:
        return _render_tree(request, dwcp, flash=done_message)
    messages.success(request, done_message)
    return redirect(done_url)


# --- priorities ----------------------------------------------------------------------------

@login_required
def priority_create(request, pk: int):
    dwcp = access.load(request.user, _DWCPS, pk=pk, change=True).obj
    form = PriorityForm(request.POST or None)

    return _form_view(request, dwcp=dwcp, form=form, slot_id="add-priority",
                      heading=_("Add a country priority"),
                      save=lambda form: services.priority_create(dwcp=dwcp, user=request.user,
                                                                 **_node(form)),
                      done_url=_framework_url(dwcp), done_message=_("Priority added."))


@login_required
def priority_edit(request, pk: int):
    priority = access.load(request.user, _PRIORITIES, pk=pk, change=True).obj
    form = PriorityForm(request.POST or None, initial=PriorityForm.initial_for(priority))

    return _form_view(request, dwcp=priority.dwcp, form=form, slot_id=f"priority-{pk}",
                      heading=_("Edit priority %(code)s") % {"code": priority.code},
                      save=lambda form: services.priority_update(
                          priority=priority, user=request.user, **_node(form)),
                      done_url=_framework_url(priority.dwcp),
                      done_message=_("Priority saved."))


@login_required
def priority_delete(request, pk: int):
    priority = access.load(request.user, _PRIORITIES, pk=pk, change=True).obj
    return _delete_view(
        request, dwcp=priority.dwcp, obj=priority,
        delete=lambda reason: services.priority_delete(priority=priority, reason=reason,
                                                       user=request.user),
        done_url=_framework_url(priority.dwcp), done_message=_("Priority deleted."))


# --- CPOs ----------------------------------------------------------------------------------

@login_required
def cpo_create(request, pk: int):
    """Add a CPO under the priority ``pk``."""
    priority = access.load(request.user, _PRIORITIES, pk=pk, change=True).obj
    dwcp = priority.dwcp
    form = CpoForm(request.POST or None, dwcp=dwcp, initial={"priority": priority.pk})

    def save(form):
        return services.cpo_create(dwcp=dwcp, user=request.user, **form.service_kwargs())

    return _form_view(request, dwcp=dwcp, form=form, slot_id=f"add-cpo-{priority.pk}",
                      heading=_("Add an outcome (CPO) under priority %(code)s")
                      % {"code": priority.code},
                      save=save, done_url=_framework_url(dwcp), done_message=_("CPO added."))


@login_required
def cpo_edit(request, pk: int):
    cpo = access.load(request.user, _CPOS, pk=pk, change=True).obj
    dwcp = cpo.dwcp
    form = CpoForm(request.POST or None, dwcp=dwcp, initial=CpoForm.initial_for(cpo))

    def save(form):
        return services.cpo_update(cpo=cpo, user=request.user, **form.service_kwargs())

    done_url = (_framework_url(dwcp) if request.GET.get("next") == "framework"
                else reverse("programmes:cpo-detail", args=[cpo.pk]))
    return _form_view(request, dwcp=dwcp, form=form, slot_id=f"cpo-{cpo.pk}",
                      heading=_("Edit outcome %(code)s") % {"code": cpo.code}, save=save,
                      done_url=done_url, done_message=_("CPO saved."),
                      guard=EditGuard(request, cpo))


@login_required
def cpo_delete(request, pk: int):
    cpo = access.load(request.user, _CPOS, pk=pk, change=True).obj
    return _delete_view(request, dwcp=cpo.dwcp, obj=cpo,
                        delete=lambda reason: services.cpo_delete(cpo=cpo, reason=reason,
                                                              user=request.user),
                        done_url=_framework_url(cpo.dwcp), done_message=_("CPO deleted."))


@login_required
def cpo_detail(request, pk: int):
    try:
        cpo = select_cpo(pk=pk)
    except CountryProgrammeOutcome.DoesNotExist:
        cpo = get_object_or_404(CountryProgrammeOutcome, pk=pk)
    can_change = access.check(request.user, cpo).may_change
    return render(request, "programmes/framework/cpo_detail.html", {
        "cpo": cpo, "object": cpo, "dwcp": cpo.dwcp, "can_change": can_change,
    })


# --- outputs -------------------------------------------------------------------------------

@login_required
def output_create(request, pk: int):
    """Add an output to the CPO ``pk``."""
    cpo = access.load(request.user, _CPOS, pk=pk, change=True).obj
    form = OutputForm(request.POST or None)

    return _form_view(request, dwcp=cpo.dwcp, form=form, slot_id=f"add-output-{cpo.pk}",
                      heading=_("Add an output to %(code)s") % {"code": cpo.code},
                      save=lambda form: services.output_create(cpo=cpo, user=request.user,
                                                               **_node(form)),
                      done_url=_framework_url(cpo.dwcp), done_message=_("Output added."))


@login_required
def output_edit(request, pk: int):
    output = access.load(request.user, _OUTPUTS, pk=pk, change=True).obj
    form = OutputForm(request.POST or None, initial=OutputForm.initial_for(output))

    dwcp = output.cpo.dwcp
    return _form_view(request, dwcp=dwcp, form=form, slot_id=f"output-{pk}",
                      heading=_("Edit output %(code)s") % {"code": output.code},
                      save=lambda form: services.output_update(output=output, user=request.user,
                                                               **_node(form)),
                      done_url=_framework_url(dwcp), done_message=_("Output saved."))


@login_required
def output_delete(request, pk: int):
    output = access.load(request.user, _OUTPUTS, pk=pk, change=True).obj
    dwcp = output.cpo.dwcp
    return _delete_view(request, dwcp=dwcp, obj=output,
                        delete=lambda reason: services.output_delete(
                            output=output, reason=reason, user=request.user),
                        done_url=_framework_url(dwcp), done_message=_("Output deleted."))


urlpatterns = [
    path("dwcps/<int:pk>/framework/", dwcp_framework, name="dwcp-framework"),
    *object_urls("priorities", "priority", create=priority_create,
                 create_under="dwcps/<int:pk>/priorities/new/", edit=priority_edit,
                 delete=priority_delete),
    *object_urls("cpos", "cpo", create=cpo_create, create_under="priorities/<int:pk>/cpos/new/",
                 detail=cpo_detail, edit=cpo_edit, delete=cpo_delete),
    *object_urls("outputs", "output", create=output_create,
                 create_under="cpos/<int:pk>/outputs/new/", edit=output_edit,
                 delete=output_delete),
]
