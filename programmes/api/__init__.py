"""API of the programmes app: one module per sub-domain, each with ``register(router)``."""
from core.modules import optional_modules

SUBMODULES = ("reference", "dwcp", "framework", "frameworks", "resources", "portfolio",
              "results", "portfolio_figures", "appraisal")


def register(router) -> None:
    for module in optional_modules(f"{__name__}.{name}" for name in SUBMODULES):
        module.register(router)
