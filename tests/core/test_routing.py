"""core.routing.object_urls: the pages of a kind of object, by the project's URL scheme."""
from django.urls import reverse

from core.routing import object_urls


def _view(request, pk=None):  # pragma: no cover - never called
    return None


def test_only_the_pages_given_exist_with_conventional_routes_and_names():
    urls = object_urls("plans", "plan", list=_view, create=_view, detail=_view, edit=_view)

    assert [(str(u.pattern), u.name) for u in urls] == [
        ("plans/", "plan-list"), ("plans/new/", "plan-create"),
        ("plans/<int:pk>/", "plan-detail"), ("plans/<int:pk>/edit/", "plan-edit")]


def test_a_record_is_created_under_its_parent():
    urls = object_urls("signatories", "signatory", create=_view,
                       create_under="dwcps/<int:pk>/signatories/new/", delete=_view)

    assert [(str(u.pattern), u.name) for u in urls] == [
        ("dwcps/<int:pk>/signatories/new/", "signatory-create"),
        ("signatories/<int:pk>/delete/", "signatory-delete")]


def test_the_apps_pages_keep_their_addresses():
    assert reverse("capacity:plan-item-create", args=[3]) == "/capacity/plans/3/items/new/"
    assert reverse("programmes:committee-decision-edit", args=[5]) == (
        "/programmes/committee/decisions/5/edit/")
    assert reverse("programmes:un-outcome-create", args=[2]) == (
        "/programmes/un-frameworks/2/outcomes/new/")


def test_an_apps_own_objects_at_its_root():
    urls = object_urls("", "constituent", list=_view, create=_view, detail=_view)

    assert [str(u.pattern) for u in urls] == ["", "new/", "<int:pk>/"]
    assert reverse("constituents:constituent-create") == "/constituents/new/"
    assert reverse("reporting:definition-edit", args=[4]) == "/reports/definitions/4/edit/"
