"""Writes of a constituent's contact people (one primary contact at most)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import ApplicationError

from ..models import Constituent, Contact
from ._common import assign, clean_fields, delete, require, save

if TYPE_CHECKING:
    from core.models import User


CONTACT_FIELDS = ("name", "position", "email", "phone", "is_primary")


def _primary_conflict() -> ApplicationError:
    return ApplicationError(
        _("An organization has one primary contact."),
        field_errors={"is_primary": [_("Another contact is already the primary contact.")]})


def _validate_contact(contact: Contact) -> None:
    clean_fields(contact, exclude=["constituent"])
    if contact.is_primary:
        other = (Contact.objects.filter(constituent_id=contact.constituent_id, is_primary=True)
                 .exclude(pk=contact.pk).first())
        if other is not None:
            raise ApplicationError(
                _("An organization has one primary contact."),
                field_errors={"is_primary": [
                    _("%(name)s is already the primary contact. Untick “primary” there "
                      "first.") % {"name": other.name}]})


@transaction.atomic
def contact_create(*, constituent: Constituent, name: str, position: str = "",
                   email: str = "", phone: str = "", is_primary: bool = False,
                   reason: str = "", user: User | None = None) -> Contact:
    require(user, constituent)
    contact = Contact(constituent=constituent)
    assign(contact, {"name": name, "position": position, "email": email, "phone": phone,
                      "is_primary": is_primary}, CONTACT_FIELDS)
    _validate_contact(contact)
    save(contact, reason=reason, conflict=_primary_conflict())
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, data: Mapping[str, Any], reason: str = "",
                   user: User | None = None) -> Contact:
    require(user, contact)
    changed = assign(contact, data, CONTACT_FIELDS)
    if changed:
        _validate_contact(contact)
        save(contact, reason=reason, update_fields=changed, conflict=_primary_conflict())
    return contact


@transaction.atomic
def contact_delete(*, contact: Contact, reason: str = "", user: User | None = None) -> None:
    require(user, contact)
    delete(contact, reason=reason)
