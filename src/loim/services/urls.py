from . import journey_views, rollout_views, views

app_name = "services"
urlpatterns: list = [
    *views.urlpatterns,  # the service catalogue and its translations (issue 13)
    *journey_views.urlpatterns,  # the adaptation journeys (issue 13)
    *rollout_views.urlpatterns,  # the journey-model rollout (issue 13)
]
