"""The models of the app, by sub-domain; each module names what it exports in its
``__all__``, listed here once."""
from . import (
           appraisal,
           calendar,
           computed,
           dwcp,
           figures,
           frameworks,
           indicators,
           reference,
           resources,
           results,
)
from .appraisal import *  # noqa: F403
from .calendar import *  # noqa: F403
from .computed import *  # noqa: F403
from .dwcp import *  # noqa: F403
from .figures import *  # noqa: F403
from .frameworks import *  # noqa: F403
from .indicators import *  # noqa: F403
from .reference import *  # noqa: F403
from .resources import *  # noqa: F403
from .results import *  # noqa: F403

__all__ = [*appraisal.__all__, *calendar.__all__, *computed.__all__, *dwcp.__all__,
           *figures.__all__, *frameworks.__all__, *indicators.__all__, *reference.__all__,
           *resources.__all__, *results.__all__]
