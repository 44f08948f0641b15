from django.urls import path

from annotator.annotations import views

app_name = "annotations"

urlpatterns = [
    path("projects/<slug:slug>/next/", views.NextArticleView.as_view(), name="article-next"),
    path("articles/<int:pk>/", views.ArticleEditorView.as_view(), name="editor"),
    path("projects/<slug:slug>/speakers/", views.SpeakerRegistryView.as_view(), name="speakers"),
    path("articles/<int:pk>/history/", views.ArticleHistoryPageView.as_view(), name="history"),
    path("articles/<int:pk>/gold/<int:version>/", views.GoldVersionView.as_view(), name="gold-version"),
]
