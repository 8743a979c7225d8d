"""Browser URLs of the programmes app; each views module contributes its ``urlpatterns``."""
from core.modules import optional_modules

VIEW_MODULES = ("dwcp", "framework", "frameworks", "resources", "portfolio", "results",
                "appraisal", "portfolio_tables", "project_import")

app_name = "programmes"
urlpatterns: list = [
    pattern
    for module in optional_modules(f"programmes.views.{name}" for name in VIEW_MODULES)
    for pattern in module.urlpatterns
]
