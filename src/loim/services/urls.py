from .views import urlpatterns as catalogue_urls

app_name = "services"
urlpatterns: list = [*catalogue_urls]
