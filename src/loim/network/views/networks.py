"""networks pages (issue 12)."""

urlpatterns: list = []
