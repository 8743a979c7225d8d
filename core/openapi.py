"""The error answers every API operation can give, documented once (a drf-spectacular
postprocessing hook) instead of on each view: 401 without valid credentials, 403 when the
policy refuses, 404 for an object that does not exist or that the caller may not see, 400 with
field errors for a write or a filter the API refuses (``core.drf.exception_handler``), and
412 for a write whose ``If-Match`` is no longer current (``core.conflicts``)."""
from __future__ import annotations

from typing import Any

DETAIL = {"$ref": "#/components/schemas/ErrorDetail"}
FIELD_ERRORS = {"$ref": "#/components/schemas/FieldErrors"}
SCHEMAS = {
    "ErrorDetail": {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
        "description": "Why the request was refused, in the caller's language.",
    },
    "FieldErrors": {
        "type": "object",
        "description": "The refusals by field name (``non_field_errors`` or ``detail`` for "
                       "the request as a whole), each a list of sentences in the caller's "
                       "language.",
        "additionalProperties": {},
    },
}
WRITES = {"post", "put", "patch", "delete"}


def _answer(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def document_refusals(result: dict[str, Any], generator: Any, request: Any,
                      public: bool) -> dict[str, Any]:
    """Add the refusals each operation can answer with, where the view did not say."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(SCHEMAS)
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            parameters = operation.get("parameters", [])
            add = {
                "401": _answer("Not signed in, or the token is not valid.", DETAIL),
                "403": _answer("The access policy refuses this to the caller.", DETAIL),
            }
            if "{" in path:
                add["404"] = _answer("No such object among those the caller may see.",
                                     DETAIL)
            elif any(p.get("name") == "page" for p in parameters):
                add["404"] = _answer("No such page of the list.", DETAIL)
            if method in WRITES or any(p.get("in") == "query" for p in parameters):
                add["400"] = _answer("The input is refused; the sentences say why.",
                                     FIELD_ERRORS)
            if method in ("put", "patch"):
                add["412"] = _answer("If-Match names a version that is no longer current: "
                                     "someone changed the record since.", DETAIL)
            for status, answer in add.items():
                responses.setdefault(status, answer)
    return result
