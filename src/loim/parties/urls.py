from django.urls import path

from . import members, views

app_name = "parties"

urlpatterns = [
    path("", views.party_list, name="list"),
    path("<slug:slug>/", views.party_detail, name="detail"),
    path("<slug:slug>/members/", members.member_list, name="members"),
    path("<slug:slug>/members/<int:pk>/", members.member_edit, name="member_edit"),
    path("<slug:slug>/members/<int:pk>/end/", members.member_end, name="member_end"),
]
