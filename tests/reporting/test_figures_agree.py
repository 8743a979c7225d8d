"""The same figure prints the same on the page, in the PDF and in the xlsx (issue 11, point 1):
a delivery rate of 84.15 per cent is 84.2 everywhere (the PDF used to cut it to 84.1)."""
from decimal import Decimal as D
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from programmes.models import ProjectFunding
from reporting import services
from tests.reporting.helpers import page_lines, pdf_words

pytestmark = pytest.mark.django_db


def test_a_delivery_rate_prints_the_same_on_the_page_in_the_pdf_and_in_the_xlsx(
        client, report_data, manager_user):
    # 84,150 spent of 100,000 allocated: 84.15 per cent exactly, half way between two prints.
    ProjectFunding.objects.update(expenditure=D("84150"))
    dwcp = report_data["cpo"].dwcp

    client.force_login(manager_user)
    page = client.get(reverse("programmes:dwcp-resources", args=[dwcp.pk])).content.decode()
    assert "84.2 %" in page and "84.1 %" not in page

    out = services.render_report(kind="biennial", parameters={"biennium": "2012-13"},
                                 language="en", front_matter={})
    text = " ".join(line for p in pdf_words(out["pdf"]) for line in page_lines(p))
    assert "a delivery rate of 84.2 per cent" in text
    assert "100,000 84,150 84.2" in text  # the resources table's row and total
    assert "84.1" not in text

    sheets = load_workbook(BytesIO(out["xlsx"]))
    cells = [c for ws in sheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, float) and 84 < c.value < 85]
    assert cells and all(c.number_format == "0.0" for c in cells)  # Excel shows 84.2 too
    assert all(round(c.value, 4) == 84.15 for c in cells)
