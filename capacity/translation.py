"""Assessment frameworks in each language (django-modeltranslation, ``core.content``): a
framework's title, its dimensions' names and descriptions and the descriptors of each score
have a column per language (``title_fr``, …); reading gives the active language's value, or
the original (English) — marked as such on the pages."""
from modeltranslation.translator import TranslationOptions, register

from capacity.models import AssessmentDimension, AssessmentFramework, ScoreDescriptor
from core.content import enter_in_original, record_in_history


@register(AssessmentFramework)
class AssessmentFrameworkTranslation(TranslationOptions):
    fields = ("title",)


@register(AssessmentDimension)
class AssessmentDimensionTranslation(TranslationOptions):
    fields = ("name", "description")


@register(ScoreDescriptor)
class ScoreDescriptorTranslation(TranslationOptions):
    fields = ("descriptor",)


record_in_history(AssessmentFramework, AssessmentDimension, ScoreDescriptor)
enter_in_original(AssessmentFramework, "title")
enter_in_original(AssessmentDimension, "name", "description")
enter_in_original(ScoreDescriptor, "descriptor")
