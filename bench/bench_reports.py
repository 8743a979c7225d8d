"""Benchmark: the global biennial progress report at synthetic scale 1 (issue 6).

Seeds ``manage.py seed_synthetic`` data (scale 1: about 150 DWCPs, 2,000 CPOs, 6,000
indicators, 100,000 approved updates), computes the results and the capacity figures, then
renders the global biennial report of the biennium with the most CPO results, timing each
step: gathering the data and building the document (queries, numbering, charts), the HTML,
WeasyPrint's PDF (as the worker makes it, "(continued)" labels included), the xlsx. Side by
side: WeasyPrint rendering the same HTML already built once — the floor, what rendering costs
with no data to gather — and the same PDF with the appendix of outcome tables rendered in parts
on BENCH_REPORT_PROCESSES processes (default 2) and merged (reporting/renderers/parallel.py).
Prints pages per second for both and the share of the time spent gathering data. Goals: the
whole report under 30 s, data gathering under 20 per cent of it.

Runs in a throw-away test database (PostgreSQL from DATABASE_URL, as `make bench` sets it).
Knobs: BENCH_REPORT_SCALE (default 1), BENCH_REPORT_ROUNDS (timed renderings, default 2)."""
from __future__ import annotations

import io
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

SCALE = float(os.environ.get("BENCH_REPORT_SCALE", "1"))
ROUNDS = int(os.environ.get("BENCH_REPORT_ROUNDS", "2"))
PARTS = int(os.environ.get("BENCH_REPORT_PROCESSES", "2"))


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - started, result


def render_once(code: str) -> dict:
    """One rendering of the global biennial report, step by step, as the worker does it
    (reporting.services.render_report)."""
    from pypdf import PdfReader

    from reporting.renderers.parallel import render_pdf_in_parts
    from reporting.renderers.pdf import html_to_pdf, render_html, render_pdf
    from reporting.renderers.xlsx import tables_to_xlsx
    from reporting.reports import biennial
    from reporting.reports.base import current_snapshot
    from reporting.services import data_fingerprint

    parameters = {"biennium": code, "region": ""}
    with translation.override("en"):
        gather, document = timed(lambda: (
            current_snapshot(), data_fingerprint(),
            biennial.build(parameters, {}, current_snapshot(), lambda p: None))[2])
        html_time, html = timed(render_html, document, language="en")
        # As the worker renders with one process: "(continued)" labels may take a second
        # layout (reporting/renderers/paging.py).
        pdf_time, pdf = timed(render_pdf, document, language="en")
        xlsx_time, _ = timed(tables_to_xlsx, document)
        # The appendix in parts on PARTS processes, merged (reporting/renderers/parallel.py).
        parts_time, parts_pdf = timed(render_pdf_in_parts, document, language="en",
                                      processes=PARTS)
    floor, _ = timed(html_to_pdf, html)  # the same HTML again: WeasyPrint alone, one layout
    return {"gather": gather, "html": html_time, "pdf": pdf_time, "xlsx": xlsx_time,
            "floor": floor, "pages": len(PdfReader(io.BytesIO(pdf)).pages),
            "parts": parts_time, "parts_pages": len(PdfReader(io.BytesIO(parts_pdf)).pages),
            "tables": len(document.tables), "paragraphs": len(document.paragraphs)}


def main() -> None:
    from django.db.models import Count

    from capacity.services.computed import capacity_recompute_all
    from core.reference import load_all
    from programmes.management.commands.seed_synthetic import seed
    from programmes.models import Biennium, CpoResult, Dwcp
    from programmes.services.results import results_recompute_all

    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        load_all()
        started = time.perf_counter()
        seed(scale=SCALE, rng=random.Random(6))
        as_of = timezone.localdate()
        results_recompute_all(as_of=as_of)
        capacity_recompute_all(as_of=as_of)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        biennium_id = (CpoResult.objects.values("biennium_id").annotate(n=Count("id"))
                       .order_by("-n").values_list("biennium_id", flat=True).first())
        code = Biennium.objects.get(pk=biennium_id).code
        print(f"scale {SCALE:g}: {Dwcp.objects.count():,} DWCPs, "
              f"{CpoResult.objects.filter(biennium_id=biennium_id).count():,} CPO results in "
              f"{code} (seeded and computed in {time.perf_counter() - started:.0f} s)")
        render_once(code)  # warm-up: templates, fonts, matplotlib
        runs = [render_once(code) for _ in range(ROUNDS)]
        best = min(runs, key=lambda r: r["gather"] + r["html"] + r["pdf"] + r["xlsx"])
        total = best["gather"] + best["html"] + best["pdf"] + best["xlsx"]
        pages = best["pages"]
        print(f"global biennial report {code}: {pages} pages, {best['tables']} tables, "
              f"{best['paragraphs']} numbered paragraphs (best of {ROUNDS})")
        print(f"{'':<28}{'seconds':>9}{'pages/s':>10}")
        print(f"{'report (worker, end to end)':<28}{total:>9.2f}{pages / total:>10.1f}")
        print(f"{'WeasyPrint floor (same HTML)':<28}{best['floor']:>9.2f}"
              f"{pages / best['floor']:>10.1f}")
        print(f"  data gathering and document {best['gather']:>6.2f} s "
              f"({100 * best['gather'] / total:.1f} per cent of the total; goal < 20)")
        print(f"  HTML {best['html']:.2f} s, PDF {best['pdf']:.2f} s, xlsx {best['xlsx']:.2f} s;"
              f" report / floor {total / best['floor']:.2f}x; goal: total < 30 s "
              f"({'met' if total < 30 else 'NOT met'})")
        single = best["pdf"]
        print(f"  appendix in parts on {PARTS} processes, merged: PDF {best['parts']:.2f} s "
              f"({best['parts_pages']} pages) against {single:.2f} s in one process: "
              f"{single / best['parts']:.2f}x ({os.cpu_count()} CPUs here)")
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
