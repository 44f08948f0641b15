from django.urls import path

from annotator.proposer import views

app_name = "proposer"

urlpatterns = [
    path("articles/<int:pk>/propose/", views.ArticleProposeView.as_view(), name="propose"),
]
