from django.urls import path

from annotator.proposer import views

app_name = "proposer"

urlpatterns = [
    path("articles/<int:pk>/propose/", views.ArticleProposeView.as_view(), name="propose"),
    path("projects/<slug:slug>/proposer/", views.ProjectProposerView.as_view(), name="project"),
    path("projects/<slug:slug>/proposer/activate/", views.ProjectProposerActivateView.as_view(), name="activate"),
]
