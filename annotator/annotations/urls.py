from django.urls import path

from annotator.annotations import views

app_name = "annotations"

urlpatterns = [
    path("articles/<int:pk>/", views.ArticleEditorView.as_view(), name="editor"),
    path("projects/<slug:slug>/speakers/", views.SpeakerRegistryView.as_view(), name="speakers"),
]
