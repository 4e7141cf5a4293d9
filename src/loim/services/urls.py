from . import rollout_views

app_name = "services"
urlpatterns: list = [
    *rollout_views.urlpatterns,  # the journey-model rollout (issue 13)
]
