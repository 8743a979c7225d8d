"""The models of the app, by sub-domain; each module names what it exports in its
``__all__``, listed here once."""
from . import assessments, choices, computed, frameworks, interventions, needs
from .assessments import *  # noqa: F403
from .choices import *  # noqa: F403
from .computed import *  # noqa: F403
from .frameworks import *  # noqa: F403
from .interventions import *  # noqa: F403
from .needs import *  # noqa: F403

__all__ = [*assessments.__all__, *choices.__all__, *computed.__all__, *frameworks.__all__,
           *interventions.__all__, *needs.__all__]
