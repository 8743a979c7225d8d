"""API of the programmes app: one module per sub-domain, each with ``register(router)``."""
from importlib import import_module

SUBMODULES = ("reference", "dwcp", "framework", "frameworks", "resources", "results")


def register(router) -> None:
    for name in SUBMODULES:
        try:
            module = import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
            continue
        module.register(router)
