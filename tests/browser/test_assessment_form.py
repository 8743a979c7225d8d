"""Browser journey of the assessment form: field staff choose an organization of their
country, see each dimension's scores with what they mean, get a clear message for a missing
score, then save a baseline assessment and land on its page."""
import re

import pytest

from capacity.models import CapacityAssessment
from constituents.models import ConstituentType
from tests.constituents.factories import ConstituentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_field_staff_create_a_baseline_assessment_through_the_form(page, login, field_user,
                                                                   tmp_path):
    ministry = ConstituentFactory(name="Ministry of Finance and Economy",
                                  type=ConstituentType.LABOUR_MINISTRY)
    login(field_user)
    page.goto("/capacity/")
    page.get_by_role("link", name="Record a capacity assessment").click()
    page.get_by_label("Constituent").select_option(label=f"{ministry.name} (Albania)")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/capacity/assessments/new/\?constituent="))

    page.get_by_label("Date of the assessment").fill("2014-03-10")
    page.get_by_label("Method").select_option(label="Labour administration audit")
    page.get_by_label("Baseline").check()
    page.get_by_label("Assessors").fill("ILO labour administration specialist, ministry staff")
    groups = page.locator("fieldset.score-group")
    count = groups.count()
    assert count == 5
    # Every dimension but the last is scored first: the form says which one is missing.
    for i in range(count - 1):
        group = groups.nth(i)
        group.locator("input[type=radio][value='3']").check()
        group.get_by_role("textbox").fill(f"Interviews and documents, dimension {i + 1}")
    page.get_by_role("button", name="Save assessment").click()
    last = page.locator("fieldset.score-group").nth(count - 1)
    assert last.locator(".field__error").inner_text().startswith("Choose a score for")
    assert not CapacityAssessment.objects.exists()
    # What was ticked is still ticked.
    assert page.locator("fieldset.score-group").nth(0).locator(
        "input[value='3']").is_checked()

    # Radios are labelled by their score and its descriptor, so picking reads as meaning.
    radio = last.get_by_role("radio").nth(1)
    label = last.locator(f"label[for='{radio.get_attribute('id')}']").inner_text()
    assert label.startswith("2") and len(label) > 10
    radio.check()
    page.screenshot(path=tmp_path / "h11_assessment_form.png", full_page=True)
    page.get_by_role("button", name="Save assessment").click()

    page.wait_for_url(re.compile(r"/capacity/assessments/\d+/$"))
    assessment = CapacityAssessment.objects.get()
    assert (assessment.round, assessment.constituent) == ("baseline", ministry)
    assert sorted(assessment.scores.values_list("score", flat=True)) == [2, 3, 3, 3, 3]
    assert page.get_by_text("The assessment was saved.").is_visible()
    assert page.get_by_text("Not computed yet").is_visible() or page.locator(
        ".index-overall").is_visible()
