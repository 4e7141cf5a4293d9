from .views import directory, documents, networks

app_name = "network"

urlpatterns = [
    *directory.urlpatterns,
    *networks.urlpatterns,
    *documents.urlpatterns,
]
