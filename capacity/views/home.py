"""The capacity home page: what the user can do here and the counts in their scope."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from core import policy

from .. import selectors
from ..models import CapacityAssessment, CapacityDevelopmentPlan, Intervention


@login_required
def capacity_home(request):
    user = request.user
    return render(request, "capacity/home.html", {
        "counts": selectors.capacity_home_counts(user=user),
        "can_assess": policy.may_change_any(user, CapacityAssessment),
        "can_plan": policy.may_change_any(user, CapacityDevelopmentPlan),
        "can_record_interventions": policy.may_change_any(user, Intervention),
        "has_queue": policy.REVIEW_NEED.allows(user),
        "sees_repeat_training": policy.SEE_REPEAT_TRAINEES.allows(user),
        "snapshot": selectors.current_snapshot(),
    })


urlpatterns = [path("", capacity_home, name="home")]
