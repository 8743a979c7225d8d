"""Admin of the programmes app, one module per sub-domain."""
from importlib import import_module

for _name in ("reference", "dwcp", "framework", "frameworks", "resources", "results",
              "appraisal"):
    try:
        import_module(f"{__name__}.{_name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{_name}":
            raise
