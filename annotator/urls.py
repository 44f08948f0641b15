from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from annotator.accounts.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The set-password link a manager passes on to a member created for them (no mail
    # server): Django's password-reset confirmation, with our templates.
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("admin/", admin.site.urls),
    path("api/", include("annotator.api_urls")),
    path("", include("annotator.accounts.urls")),
    path("", include("annotator.annotations.urls")),
    path("", include("annotator.imports.urls")),
    path("", include("annotator.releases.urls")),
    path("", include("annotator.review.urls")),
    path("", include("annotator.proposer.urls")),
]

# A member whose role is too low for a page gets a page saying whom it is for.
handler403 = "annotator.accounts.views.permission_denied"
