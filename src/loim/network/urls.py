from .views import directory, networks

app_name = "network"

urlpatterns = [
    *directory.urlpatterns,
    *networks.urlpatterns,
]
