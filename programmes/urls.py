"""Browser URLs of the programmes app; each views module contributes its ``urlpatterns``."""
from importlib import import_module

app_name = "programmes"
urlpatterns: list = []
for _name in ("dwcp", "framework", "frameworks", "resources", "results"):
    try:
        _module = import_module(f"programmes.views.{_name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"programmes.views.{_name}":
            raise
        continue
    urlpatterns += _module.urlpatterns
