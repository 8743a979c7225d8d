"""Titles of the results framework's reference data in each language (django-modeltranslation:
``title_en``, ``title_fr``, ``title_es`` beside ``title``; reading ``title`` gives the active
language's value, falling back to English, the language of entry)."""
from modeltranslation.translator import TranslationOptions, register

from core.content import record_in_history
from programmes.models import PBOutcome, StrategicObjective


@register(StrategicObjective)
class StrategicObjectiveTranslation(TranslationOptions):
    fields = ("title",)


@register(PBOutcome)
class PBOutcomeTranslation(TranslationOptions):
    fields = ("title",)


record_in_history(StrategicObjective, PBOutcome)
