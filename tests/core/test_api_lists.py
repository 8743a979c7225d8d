"""Every list of /api/v1/ can be paged, ordered and filtered (issue 15, point 1), read from
the OpenAPI document a client reads; and the computed figures are filterable by biennium,
country, region, P&B outcome and constituent group wherever the figure has that dimension.
What does not is written down below with the reason, so a new list or figure without them
fails here."""
from __future__ import annotations

import pytest
from drf_spectacular.generators import SchemaGenerator

GENERIC = {"page", "page_size", "ordering", "search"}

# Lists that are not pages of records, and why.
NOT_PAGED_LISTS = {
    "/api/v1/capacity-needs/{id}/transitions/": "the transitions one need may take now",
    "/api/v1/evaluations/{id}/transitions/": "the transitions one evaluation may take now",
    "/api/v1/evaluations/{id}/next-steps/": "the next steps of one evaluation",
    "/api/v1/evaluations/{id}/history/": "one evaluation's status history, oldest first",
    "/api/v1/history/{app_label}/{model_name}/{id}/": "one record's history, newest first",
    "/api/v1/evaluations/map/": "one point per country for the map, with the list's filters",
    "/api/v1/events/": "a feed read onwards from a cursor (`after`), by id",
    "/api/v1/portfolio-figures/": "the index of the fixed statistical tables; each table "
                                  "takes its periods (`first`, `second`)",
    "/api/v1/repeat-trainees/": "computed over the period asked for (`start`, `end`, "
                                "`min_areas`), people grouped across interventions",
    "/api/v1/webhooks/": "the caller's own few subscriptions",
    "/api/v1/webhooks/{id}/deliveries/": "the recent deliveries of one subscription",
}

# The five dimensions of issue 15 and the query parameter each computed figure takes for it,
# or why it takes none.
NA = "n/a: "
FIGURES = {
    "/api/v1/result-rollups/": {
        "biennium": "biennium", "country": "country", "region": "region",
        "pb_outcome": "pb_outcome",
        "group": NA + "results are counted by country, region, P&B outcome and strategic "
                      "objective; indicators belong to CPOs, not to a constituent group"},
    "/api/v1/indicator-results/": {
        "biennium": "biennium", "country": "country", "region": "region",
        "pb_outcome": "pb_outcome",
        "group": NA + "an indicator belongs to a CPO, not to a constituent group"},
    "/api/v1/cpo-results/": {
        "biennium": "biennium", "country": "country", "region": "region",
        "pb_outcome": "pb_outcome",
        "group": NA + "a CPO belongs to a DWCP, not to a constituent group"},
    "/api/v1/membership-figures/": {
        "biennium": NA + "annual figures: `year`, or `year_from` and `year_to` for a "
                         "biennium's two years",
        "country": "country", "region": "region", "group": "group",
        "pb_outcome": NA + "membership of organizations lies outside the results framework"},
    "/api/v1/participation-figures/": {
        "biennium": "biennium", "country": "country", "region": "region",
        "group": "participant_group",
        "pb_outcome": NA + "rows by biennium, country and participant group, summed over "
                           "interventions (per intervention: intervention-figures)"},
    "/api/v1/reach-figures/": {
        "biennium": "biennium", "country": "country", "region": "region",
        "group": NA + "rows by biennium and country only (by group: participation-figures)",
        "pb_outcome": NA + "rows by biennium and country only (per intervention: "
                           "intervention-figures)"},
    "/api/v1/intervention-figures/": {
        "biennium": "biennium", "country": "country", "region": "region", "group": "group",
        "pb_outcome": "pb_outcome"},
    "/api/v1/needs-coverage/": {
        "country": "country", "region": "region", "group": "group",
        "biennium": NA + "the current state of the needs (high-priority needs and whether an "
                         "intervention covers them), not a period's",
        "pb_outcome": NA + "needs are of constituents, not linked to P&B outcomes"},
    "/api/v1/evaluation-coverage/": {
        "region": "region",
        "biennium": NA + "by the year evaluations are due (`year`)",
        "country": NA + "rows by region (empty: all regions); by country: "
                        "evaluation-coverage-flags",
        "group": NA + "evaluations are required of projects and DWCPs, not of groups",
        "pb_outcome": NA + "the coverage rules are by subject kind, not by outcome"},
    "/api/v1/evaluation-coverage-flags/": {
        "country": "country", "region": "region",
        "biennium": NA + "by the year the evaluation is due (`year`)",
        "group": NA + "evaluations are required of projects and DWCPs, not of groups",
        "pb_outcome": NA + "the coverage rules are by subject kind, not by outcome"},
    "/api/v1/portfolio-figures/": dict.fromkeys(
        ("biennium", "country", "region", "pb_outcome", "group"),
        NA + "whole-portfolio tables of two periods (`first`, `second`); regions, outcomes and "
             "donors are their rows"),
}
DIMENSIONS = ("biennium", "country", "region", "pb_outcome", "group")


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _lists(schema):
    for path, operations in sorted(schema["paths"].items()):
        operation = operations.get("get")
        if operation and operation["operationId"].endswith("_list"):
            yield path, operation


def _query(operation) -> set[str]:
    return {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}


def test_every_list_is_paged_ordered_and_filtered(schema):
    problems = []
    for path, operation in _lists(schema):
        if path in NOT_PAGED_LISTS:
            continue
        names = _query(operation)
        missing = [name for name in ("page", "page_size", "ordering") if name not in names]
        if missing:
            problems.append(f"{path}: no {', '.join(missing)}")
        if not names - GENERIC:
            problems.append(f"{path}: no filter")
        response = operation["responses"]["200"]["content"]["application/json"]["schema"]
        if not response.get("$ref", "").split("/")[-1].startswith("Paginated"):
            problems.append(f"{path}: the answer is not a page")
    assert not problems, "\n".join(problems)


def test_the_exceptions_are_still_lists(schema):
    """An exception that is gone or now paged is removed from the table above."""
    lists = dict(_lists(schema))
    assert set(NOT_PAGED_LISTS) <= set(lists)
    assert all("ordering" not in _query(lists[path]) or "page" not in _query(lists[path])
               or not _query(lists[path]) - GENERIC for path in NOT_PAGED_LISTS)


def test_computed_figures_take_every_dimension_they_have(schema):
    problems = []
    for path, dimensions in FIGURES.items():
        assert set(dimensions) == set(DIMENSIONS), path
        names = _query(schema["paths"][path]["get"])
        for dimension, parameter in dimensions.items():
            if parameter.startswith(NA):
                assert len(parameter) > len(NA) + 10, f"{path} {dimension}: say why"
            elif parameter not in names:
                problems.append(f"{path}: no `{parameter}` ({dimension})")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("path", sorted(p for p in FIGURES if p != "/api/v1/portfolio-figures/"))
def test_each_dimension_filter_answers(api_client, manager_user, path):
    """Each filter is applied, not a 500: a known value answers 200, a malformed id a 400."""
    from programmes.models import Biennium, PBOutcome

    values = {"biennium": Biennium.objects.order_by("start_year").first().code,
              "country": "ALB", "region": "ECA", "group": "workers",
              "participant_group": "workers",
              "pb_outcome": str(PBOutcome.objects.order_by("pk").first().pk)}
    api_client.force_authenticate(manager_user)
    for parameter in FIGURES[path].values():
        if parameter.startswith(NA):
            continue
        response = api_client.get(path, {parameter: values[parameter]})
        assert response.status_code == 200, (path, parameter, response.content[:300])
    if FIGURES[path]["pb_outcome"] == "pb_outcome":
        assert api_client.get(path, {"pb_outcome": "abc"}).status_code == 400


WRITES_WITH_EXAMPLES = [
    ("/api/v1/progress-updates/", "post"), ("/api/v1/progress-updates/{id}/", "patch"),
    ("/api/v1/indicators/", "post"), ("/api/v1/indicators/{id}/", "patch"),
    ("/api/v1/milestones/", "post"), ("/api/v1/milestones/{id}/", "patch"),
    ("/api/v1/report-runs/", "post"),
]


@pytest.mark.parametrize(("path", "method"), WRITES_WITH_EXAMPLES)
def test_the_main_writes_carry_request_examples(schema, path, method):
    body = schema["paths"][path][method]["requestBody"]["content"]
    assert any(content.get("examples") for content in body.values()), (path, method)
