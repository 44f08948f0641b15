from django.urls import path

from annotator.accounts import views

app_name = "accounts"

urlpatterns = [
    path("account/tokens/", views.ApiTokensView.as_view(), name="tokens"),
    path("projects/<slug:slug>/members/", views.MembersView.as_view(), name="members"),
    path("projects/<slug:slug>/settings/", views.ProjectSettingsView.as_view(), name="settings"),
    path("projects/<slug:slug>/guidelines/", views.GuidelinesView.as_view(), name="guidelines"),
]
