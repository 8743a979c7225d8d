"""One part of a long report, laid out in a process of its own (:mod:`.parallel`).

    python -m reporting.renderers.part_process  < pickled (document, language, first)  > PDF

A Celery prefork worker's processes are daemonic and may not start a multiprocessing pool,
so :func:`reporting.renderers.parallel.render_pdf_in_parts` starts this module as a child
program instead; the input is the application's own document, handed over on stdin by the
process that built it (never data from outside)."""
from __future__ import annotations

import os
import pickle
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from reporting.renderers.parallel import render_part

    document, language, first = pickle.loads(sys.stdin.buffer.read())  # noqa: S301 - ours
    sys.stdout.buffer.write(render_part(document, language, first))
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
