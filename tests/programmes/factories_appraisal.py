"""Quality appraisals for tests: a DWCP draft or proposal appraised with the checklist in use,
passed (every criterion met) or failing (the criteria named not met)."""
from programmes.models import Appraisal, Rating
from programmes.services import appraisal as services


def appraise(*, dwcp=None, project=None, not_met=(), partly=(), user=None) -> Appraisal:
    """Start and complete an appraisal of ``dwcp`` (in quality appraisal) or ``project`` (at
    concept or appraisal): every criterion met but the codes in ``not_met`` / ``partly``.
    ``user=None``: the system."""
    appraisal = services.appraisal_start(user=user, dwcp=dwcp, project=project)
    ratings = {}
    for rating in appraisal.ratings.select_related("criterion"):
        code = rating.criterion.code
        value = (Rating.NOT_MET if code in not_met else
                 Rating.PARTLY if code in partly else Rating.MET)
        ratings[code] = {"rating": value, "comment": rating.comment or f"{code}: seen"}
    return services.appraisal_complete(user=user, appraisal=appraisal, ratings=ratings)


def appraise_passed(*, dwcp=None, project=None, user=None) -> Appraisal:
    """A passed appraisal: what a DWCP needs before it is signed, a proposal before it is
    approved."""
    return appraise(dwcp=dwcp, project=project, user=user)
