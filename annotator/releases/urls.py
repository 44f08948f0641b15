from django.urls import path

from annotator.releases import views

app_name = "releases"

urlpatterns = [
    path("projects/<slug:slug>/releases/", views.ReleaseListView.as_view(), name="list"),
    path("releases/<int:pk>/download/", views.ReleaseDownloadPageView.as_view(), name="download"),
]
