from django.urls import path

from annotator.corpus import views

app_name = "corpus"

urlpatterns = [
    path("projects/<slug:slug>/", views.ArticleListView.as_view(), name="article-list"),
    path("projects/<slug:slug>/next/", views.NextArticleView.as_view(), name="article-next"),
    path("projects/<slug:slug>/import/", views.ImportView.as_view(), name="import"),
]
