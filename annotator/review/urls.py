from django.urls import path

from annotator.review import views

app_name = "review"

urlpatterns = [
    path("projects/<slug:slug>/", views.ArticleListView.as_view(), name="article-list"),
    path("projects/<slug:slug>/next-review/", views.NextReviewView.as_view(), name="next-review"),
    path("projects/<slug:slug>/dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("articles/<int:pk>/review/", views.ArticleReviewView.as_view(), name="article"),
    path("articles/<int:pk>/curation/", views.ArticleCurationPageView.as_view(), name="curation"),
]
