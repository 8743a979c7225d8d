"""An uploaded workbook kept between its preview and its apply, for the upload page and the
API alike: at ``MEDIA_ROOT/workbooks/<token>.xlsx`` (what the worker found beside it, in
``workbook-previews/<token>.json``), named by a random token, never by a path a client sent.
Kept files are deleted when applied or discarded, and after :data:`KEEP_FOR` (every new upload
sweeps older ones)."""
from __future__ import annotations

import datetime as dt
import io
import uuid
from contextlib import suppress
from typing import Any

from django.core.files.storage import default_storage
from django.utils import timezone

from .preview_run import FOLDER, TOKEN, kept_name

KEEP_FOR = dt.timedelta(days=1)


def upload_keep(upload: Any) -> str | None:
    """Keep ``upload`` (sweeping abandoned ones first); its token, or None when the storage
    did not keep it."""
    uploads_sweep()
    token = uuid.uuid4().hex
    default_storage.save(kept_name(token), upload)
    return token if default_storage.exists(kept_name(token)) else None


def upload_delete(token: str) -> None:
    """Forget the kept upload ``token`` and what its check found."""
    for suffix in (".xlsx", ".json"):
        with suppress(ValueError, OSError):
            default_storage.delete(kept_name(token, suffix))


def upload_is_kept(token: str) -> bool:
    try:
        return bool(default_storage.exists(kept_name(token)))
    except (ValueError, OSError):
        return False


def upload_read(token: str, *, name: str, kept_at: dt.datetime) -> io.BytesIO | None:
    """The kept file (named as uploaded, for the history's change reason), or None when it
    has expired (kept since ``kept_at``) or is gone."""
    if timezone.now() - kept_at > KEEP_FOR:
        return None
    try:
        with default_storage.open(kept_name(token), "rb") as handle:
            data = io.BytesIO(handle.read())
    except (ValueError, OSError):
        return None
    data.name = name
    return data


def uploads_sweep() -> None:
    """Delete kept uploads older than :data:`KEEP_FOR` (abandoned previews)."""
    try:
        _, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    limit = timezone.now() - KEEP_FOR
    for name in files:
        with suppress(OSError):
            if TOKEN.match(name.removesuffix(".xlsx")) and \
                    default_storage.get_modified_time(f"{FOLDER}/{name}") < limit:
                default_storage.delete(f"{FOLDER}/{name}")
