"""The preview of an uploaded workbook, checked by the worker (issue 18): the web request
keeps the file and queues a :class:`core.models.TaskRun`; the worker reads the file, runs
:func:`workbook_preview` (a dry run through the services) and keeps what it found next to the
file, so that a workbook taking long to check never holds a web process or the database's
write lock for others. With tasks run in-process (no broker: ``make run``, the tests) the
preview is there when the upload's request ends."""
from __future__ import annotations

import io
import json
import re
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import translation

from core import taskruns
from core.models import TaskRun

from ._result import ImportResult, RowError, RowSummary
from .importing import workbook_preview

if TYPE_CHECKING:
    from core.models import User

PREVIEW_TASK = "programmes.workbook_preview"
FOLDER = "workbooks"
PREVIEWS = "workbook-previews"  # what the worker found, apart from the kept uploads
TOKEN = re.compile(r"^[0-9a-f]{32}$")


def kept_name(token: str, suffix: str = ".xlsx") -> str:
    """Where an upload (``.xlsx``) or what its check found (``.json``) is kept."""
    if not TOKEN.match(token or ""):
        raise ValueError("not an upload token")
    return f"{FOLDER if suffix == '.xlsx' else PREVIEWS}/{token}{suffix}"


def workbook_preview_queue(*, user: User, token: str, name: str, approver: Any = None
                           ) -> TaskRun:
    """Queue the check of the kept upload ``token`` (sent when the transaction commits)."""
    from programmes.tasks import workbook_preview as task

    run = TaskRun.objects.create(name=PREVIEW_TASK, requested_by=user, parameters={
        "token": token, "name": name, "user": user.pk,
        "approver": approver.pk if approver is not None else None})
    taskruns.send_on_commit(task, {"run_id": run.pk})
    return run


def workbook_preview_run(run: TaskRun) -> dict[str, int]:
    """The worker's part: check the kept file as the user who uploaded it, keep the rows and
    errors found as JSON beside it, and return their counts."""
    from core.models import User

    parameters = run.parameters
    user = User.objects.get(pk=parameters["user"])
    approver = (User.objects.filter(pk=parameters["approver"]).first()
                if parameters.get("approver") else None)
    with default_storage.open(kept_name(parameters["token"]), "rb") as handle:
        data = io.BytesIO(handle.read())
    data.name = parameters["name"]
    # Read and explained in the uploader's language: numbers typed with a decimal comma,
    # and the messages they will read.
    with translation.override(user.language or settings.LANGUAGE_CODE):
        rows, errors = workbook_preview(data, user=user, approver=approver)
    found = {"rows": [asdict(row) for row in rows], "errors": [asdict(e) for e in errors]}
    name = kept_name(parameters["token"], ".json")
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(json.dumps(found).encode()))
    return {"rows": len(rows), "errors": len(errors)}


def workbook_preview_found(token: str) -> ImportResult | None:
    """What the worker found in the kept upload ``token``, or None when it is not kept."""
    try:
        with default_storage.open(kept_name(token, ".json"), "rb") as handle:
            found = json.load(handle)
    except (ValueError, OSError):
        return None
    return ImportResult(rows=[RowSummary(**row) for row in found["rows"]],
                        errors=[RowError(**error) for error in found["errors"]], dry_run=True)
