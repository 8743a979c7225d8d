"""One error vocabulary: services raise ApplicationError; each boundary converts it once
(forms: show_on_form, API: core.drf.exception_handler, commands: ServiceCommand)."""
import pytest
from django import forms
from django.core.management import call_command
from django.core.management.base import CommandError

from constituents.models import Constituent
from core.errors import ApplicationError, show_on_form, validate_model
from core.management.base import ServiceCommand


class _Form(forms.Form):
    name = forms.CharField(required=False)
    year = forms.IntegerField(required=False)


def _form() -> _Form:
    form = _Form(data={})
    assert form.is_valid()
    return form


def test_field_errors_go_next_to_their_fields_and_the_rest_above_the_form():
    form = _form()
    show_on_form(form, ApplicationError(
        "The organization could not be saved.",
        field_errors={"name": ["Already taken."], "region": ["Unknown region."]}))
    assert form.errors["name"] == ["Already taken."]
    # The message and the error of a field the form does not have go above the form.
    assert form.non_field_errors() == ["The organization could not be saved.",
                                       "Unknown region."]


def test_a_message_already_next_to_a_field_is_not_repeated_above_the_form():
    form = _form()
    show_on_form(form, ApplicationError("Enter a code.", field_errors={"name": ["Enter a code."]}))
    assert form.errors["name"] == ["Enter a code."]
    assert form.non_field_errors() == []


def test_a_refusal_without_field_errors_is_shown_above_the_form():
    form = _form()
    show_on_form(form, ApplicationError("Only managers may do this."))
    assert form.non_field_errors() == ["Only managers may do this."]
    assert "name" not in form.errors


def test_errors_of_fields_outside_the_form_can_be_placed_elsewhere():
    rows: list[tuple[str, str]] = []

    def place(name, message) -> bool:
        if name.startswith("funding-"):
            rows.append((name, message))
            return True
        return False

    form = _form()
    show_on_form(form, ApplicationError(field_errors={"funding-1-year": ["Entered twice."],
                                                      "year": ["Too early."]}), place=place)
    assert rows == [("funding-1-year", "Entered twice.")]
    assert form.errors["year"] == ["Too early."]
    assert form.non_field_errors() == []


@pytest.mark.django_db
def test_a_models_field_validation_is_refused_as_an_application_error():
    constituent = Constituent(name="", type="employers_org")
    with pytest.raises(ApplicationError) as caught:
        validate_model(constituent, exclude=["country"], unique=False, constraints=False)
    assert caught.value.message == ""
    assert caught.value.field_errors["name"] == ["This field cannot be blank."]
    assert str(caught.value).startswith("This field cannot be blank.")


class _RefusingCommand(ServiceCommand):
    def handle(self, *args, **options):
        raise ApplicationError("There is no biennium “2099-00”.",
                               field_errors={"biennium": ["Unknown biennium."]})


def test_a_command_ends_with_the_sentence_and_a_non_zero_status(capsys):
    with pytest.raises(CommandError, match="There is no biennium “2099-00”.") as caught:
        call_command(_RefusingCommand())
    assert caught.value.returncode == 1
    with pytest.raises(SystemExit) as exited:
        _RefusingCommand().run_from_argv(["manage.py", "refuse"])
    assert exited.value.code == 1
    assert "There is no biennium “2099-00”." in capsys.readouterr().err


@pytest.mark.django_db
def test_a_refusal_in_the_admin_is_a_message_on_the_page_not_a_server_error(client,
                                                                               admin_user):
    from programmes.models import Dwcp, DwcpStatus
    from tests.programmes.factories import DwcpFactory

    dwcp = DwcpFactory(status=DwcpStatus.ACTIVE)
    client.force_login(admin_user)
    url = f"/admin/programmes/dwcp/{dwcp.pk}/delete/"
    response = client.post(url, {"post": "yes"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0][0] == url
    assert any("Only a DWCP in preparation can be deleted" in str(m)
               for m in response.context["messages"])
    assert Dwcp.objects.filter(pk=dwcp.pk).exists()


@pytest.mark.django_db
def test_a_parents_records_are_changed_in_the_admin_exactly_when_the_parent_may_be(
        rf, field_user, manager_user):
    """core.admin.PolicyInline: the inlines of the DWCP, CPO, UN framework and constituent
    admins follow the parent's policy."""
    from django.contrib import admin as django_admin

    from constituents.admin import AffiliationInline
    from constituents.models import Constituent
    from tests.constituents.factories import ConstituentFactory
    from tests.factories import country

    field_user.is_staff = manager_user.is_staff = True
    own, other = ConstituentFactory(), ConstituentFactory(country=country("KEN"))
    inline = AffiliationInline(Constituent, django_admin.site)
    request = rf.get("/")
    request.user = field_user
    assert inline.has_view_permission(request, other)
    assert inline.has_add_permission(request, own) and inline.has_delete_permission(request, own)
    assert not inline.has_change_permission(request, other)
    request.user = manager_user
    assert not inline.has_add_permission(request, own)
    assert not inline.has_change_permission(request, None)
