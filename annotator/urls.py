from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from annotator.accounts.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", include("annotator.api_urls")),
    path("", include("annotator.annotations.urls")),
    path("", include("annotator.imports.urls")),
    path("", include("annotator.releases.urls")),
    path("", include("annotator.review.urls")),
    path("", include("annotator.proposer.urls")),
]
