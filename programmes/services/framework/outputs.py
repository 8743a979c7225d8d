"""Writes of a CPO's outputs (the code is unique within the CPO)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from core.content import set_translations
from programmes.models import CountryProgrammeOutcome, Output

from ._common import (
    check_code_free,
    clean_code,
    clean_title,
    delete,
    require_change,
    save,
    set_described,
)

if TYPE_CHECKING:
    from core.models import User


def _output_code_taken(code: str) -> tuple[str, str]:
    return ("code", _("This outcome already has an output with code %(code)s.")
            % {"code": code})


def _check_output_code(*, cpo: CountryProgrammeOutcome, code: str,
                       exclude_pk: int | None = None) -> None:
    check_code_free(Output.objects.filter(cpo=cpo, code__iexact=code),
                    exclude_pk=exclude_pk, taken=_output_code_taken(code))


@transaction.atomic
def output_create(*, cpo: CountryProgrammeOutcome, code: str, title: str,
                  description: str = "", order: int | None = None,
                  reason: str = "", user: User | None = None,
                  translations: dict[str, str | None] | None = None) -> Output:
    """Add an output to a CPO. The code is unique within the CPO."""
    require_change(user, cpo)
    code, title = clean_code(code), clean_title(title)
    _check_output_code(cpo=cpo, code=code)
    if order is None:
        order = cpo.outputs.count()
    output = Output(cpo=cpo, code=code, title=title, description=description or "",
                    order=order)
    set_translations(output, translations)
    save(output, reason=reason, unique_error=_output_code_taken(code), user=user)
    return output


@transaction.atomic
def output_update(*, output: Output, code: str, title: str, description: str = "",
                  order: int | None = None, reason: str = "", user: User | None = None,
                  translations: dict[str, str | None] | None = None) -> Output:
    require_change(user, output)
    code, title = clean_code(code), clean_title(title)
    _check_output_code(cpo=output.cpo, code=code, exclude_pk=output.pk)
    fields = set_described(output, code=code, title=title, description=description,
                           order=order)
    fields += set_translations(output, translations)
    save(output, reason=reason, update_fields=fields, unique_error=_output_code_taken(code),
         user=user)
    return output


@transaction.atomic
def output_delete(*, output: Output, reason: str = "", user: User | None = None) -> None:
    require_change(user, output)
    delete(output, reason=reason, user=user)
