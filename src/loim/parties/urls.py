from django.urls import path

from . import members, partners, views

app_name = "parties"

urlpatterns = [
    path("", views.party_list, name="list"),
    path("onboard/", partners.onboard, name="onboard"),
    path("candidates/", partners.candidate_list, name="candidates"),
    path("candidates/new/", partners.candidate_create, name="candidate_create"),
    path("candidates/<int:pk>/", partners.candidate_edit, name="candidate_edit"),
    path("<slug:slug>/", views.party_detail, name="detail"),
    path("<slug:slug>/members/", members.member_list, name="members"),
    path("<slug:slug>/members/<int:pk>/", members.member_edit, name="member_edit"),
    path("<slug:slug>/members/<int:pk>/end/", members.member_end, name="member_end"),
]
