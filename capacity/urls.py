"""Browser URLs of the capacity app (mounted at /capacity/); each views module contributes
its ``urlpatterns``."""
from .views import urlpatterns as _urlpatterns

app_name = "capacity"
urlpatterns = list(_urlpatterns)
