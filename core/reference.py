"""Loads every app's reference data (also called by the data migrations)."""
from django.apps import apps as django_apps
from django.apps.registry import Apps
from django.db import transaction


def load_all(apps: Apps = django_apps) -> int:
    from constituents import reference as constituents_reference
    from programmes import reference as programmes_reference

    with transaction.atomic():
        regions, countries = constituents_reference.load(
            apps.get_model("constituents", "Region"), apps.get_model("constituents", "Country"))
        rest = programmes_reference.load(
            apps.get_model("programmes", "StrategicObjective"),
            apps.get_model("programmes", "PBFramework"),
            apps.get_model("programmes", "PBOutcome"),
            apps.get_model("programmes", "Biennium"),
        )
        sdgs = (programmes_reference.load_sdg_targets(apps.get_model("programmes", "SdgTarget"))
                if _has_model(apps, "programmes", "SdgTarget") else 0)
        sdgs += (programmes_reference.load_conventions(
            apps.get_model("programmes", "Convention"))
            if _has_model(apps, "programmes", "Convention") else 0)
        frameworks = 0
        if _has_model(apps, "capacity", "ScoreDescriptor"):
            from capacity.frameworks_data import load as load_frameworks

            frameworks = load_frameworks(apps.get_model("capacity", "AssessmentFramework"),
                                         apps.get_model("capacity", "AssessmentDimension"),
                                         apps.get_model("capacity", "ScoreDescriptor"))
        if _has_model(apps, "programmes", "AppraisalCriterion"):
            from programmes.appraisal_reference import load_checklists

            rest += load_checklists(apps.get_model("programmes", "AppraisalChecklist"),
                                    apps.get_model("programmes", "AppraisalCriterion"))
        rules = 0
        if _has_model(apps, "evaluation", "CoverageRule"):
            from evaluation.reference import load as load_coverage_rules

            rules = load_coverage_rules(apps.get_model("evaluation", "CoverageRule"))
    return regions + countries + rest + sdgs + frameworks + rules


def _has_model(apps: Apps, app_label: str, name: str) -> bool:
    try:
        apps.get_model(app_label, name)
    except LookupError:
        return False
    return True
