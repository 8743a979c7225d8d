"""Titles in each language (django-modeltranslation: ``title_en``, ``title_fr``, ``title_es``
beside ``title``; reading ``title`` gives the active language's value, falling back to the
language of entry, English — ``core.content``): the results framework's reference data and
the programmes' own content (DWCP, priority, CPO, output and indicator titles). Writing
``title`` writes the original (``core.content.enter_in_original``); translations are written
to their own columns."""
from modeltranslation.translator import TranslationOptions, register

from core.content import enter_in_original, record_in_history
from programmes.models import (
    CountryPriority,
    CountryProgrammeOutcome,
    Dwcp,
    Indicator,
    Output,
    PBFramework,
    PBOutcome,
    StrategicObjective,
)


class TitleTranslation(TranslationOptions):
    fields = ("title",)


@register(StrategicObjective)
class StrategicObjectiveTranslation(TitleTranslation):
    pass


@register(PBOutcome)
class PBOutcomeTranslation(TitleTranslation):
    pass


@register(PBFramework)
class PBFrameworkTranslation(TitleTranslation):
    pass


@register(Dwcp)
class DwcpTranslation(TitleTranslation):
    pass


@register(CountryPriority)
class CountryPriorityTranslation(TitleTranslation):
    pass


@register(CountryProgrammeOutcome)
class CountryProgrammeOutcomeTranslation(TitleTranslation):
    pass


@register(Output)
class OutputTranslation(TitleTranslation):
    pass


@register(Indicator)
class IndicatorTranslation(TitleTranslation):
    pass


TRANSLATED = (StrategicObjective, PBOutcome, PBFramework, Dwcp, CountryPriority,
              CountryProgrammeOutcome, Output, Indicator)
record_in_history(*TRANSLATED)
for _model in TRANSLATED:
    enter_in_original(_model, "title")
