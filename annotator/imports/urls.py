from django.urls import path

from annotator.imports import views

app_name = "imports"

urlpatterns = [
    path("projects/<slug:slug>/import/", views.ImportView.as_view(), name="import"),
    path("projects/<slug:slug>/import/annotations/", views.AnnotationImportView.as_view(), name="annotations"),
    path("import-jobs/<int:pk>/", views.ImportJobView.as_view(), name="job"),
]
