"""French and Spanish titles for a few demo programmes (issue 16, point 3): the DWCPs of
Senegal and Niger and some of their priorities, CPOs and indicators in French, Argentina's in
Spanish. Others are left untranslated on purpose, so that the demo shows both a translation
and the original marked as such.

``load()`` is idempotent: it sets the translation columns of the records whose original
(English) title is listed, in the countries listed, and leaves everything else alone."""
from __future__ import annotations

from django.db import transaction

from core.history import attribute

from .models import CountryPriority, CountryProgrammeOutcome, Dwcp, Indicator

REASON = "Demo data: translated titles"

# {language: (countries, {original title: translation})}
TITLES: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "fr": (("SEN", "NER"), {
        "Decent Work Country Programme for Senegal 2020–2024":
            "Programme pays pour le travail décent du Sénégal 2020–2024",
        "Decent Work Country Programme for Niger 2012–2015":
            "Programme pays pour le travail décent du Niger 2012–2015",
        "Decent jobs for young people and the transition to the formal economy":
            "Des emplois décents pour les jeunes et la transition vers l'économie formelle",
        "Extension of social protection": "Extension de la protection sociale",
        "Employment for young people, particularly in rural areas":
            "L'emploi des jeunes, en particulier en milieu rural",
        "Young women and men make a faster transition to decent work through improved "
        "youth employment policies and programmes":
            "Les jeunes femmes et hommes accèdent plus vite au travail décent grâce à de "
            "meilleures politiques et de meilleurs programmes pour l'emploi des jeunes",
        "A simplified social security scheme covers small contributors of the informal "
        "economy":
            "Un régime simplifié de sécurité sociale couvre les petits contribuables de "
            "l'économie informelle",
        "Young women and men placed in jobs through the public employment services":
            "Jeunes femmes et hommes placés dans un emploi par les services publics de "
            "l'emploi",
        "Share of the population covered by at least one social protection benefit":
            "Part de la population couverte par au moins une prestation de protection "
            "sociale",
    }),
    "es": (("ARG",), {
        "Decent Work Country Programme for Argentina 2012–2015":
            "Programa de Trabajo Decente por País para Argentina 2012–2015",
        "Reduce informality and promote quality employment":
            "Reducir la informalidad y promover el empleo de calidad",
        "Extend social protection and eliminate child labour":
            "Extender la protección social y eliminar el trabajo infantil",
        "Strategies for the transition from the informal to the formal economy are adopted "
        "and applied, in line with Recommendation No. 204":
            "Se adoptan y aplican estrategias para la transición de la economía informal a la "
            "economía formal, conforme a la Recomendación núm. 204",
        "Share of informal employment in total employment":
            "Proporción del empleo informal en el empleo total",
    }),
}

# Each model with the path from it to its country's ISO3 code.
MODELS = ((Dwcp, "country__iso3"), (CountryPriority, "dwcp__country__iso3"),
          (CountryProgrammeOutcome, "dwcp__country__iso3"), (Indicator, "cpo__dwcp__country__iso3"))


@transaction.atomic
def load() -> int:
    """Set the demo's translated titles; return how many records changed."""
    changed = 0
    for language, (countries, titles) in TITLES.items():
        column = f"title_{language}"
        for model, country_path in MODELS:
            rows = model.objects.filter(**{f"{country_path}__in": countries,
                                           "title_en__in": list(titles)})
            for obj in rows:
                translation = titles[obj.title_en]  # type: ignore[union-attr]
                if getattr(obj, column) != translation:
                    setattr(obj, column, translation)
                    attribute(obj, user=None, reason=REASON)
                    obj.save(update_fields=[column, "updated_at"])
                    changed += 1
    return changed
