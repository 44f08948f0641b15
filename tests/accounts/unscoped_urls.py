"""A URL conf with views that forgot to declare a scope, for tests/accounts/test_scope.py."""

from django.http import HttpResponse
from django.urls import include, path
from django.views import View
from rest_framework.response import Response
from rest_framework.views import APIView

from annotator.accounts.scope import ScopedViewMixin


class ForgotScopeAPIView(APIView):
    def get(self, request, pk):
        return Response({"secret": "every speaker of every project"})


class ForgotScopePage(ScopedViewMixin, View):
    def get(self, request, pk):
        return HttpResponse("secret")


urlpatterns = [
    path("api/speakers-everywhere/<int:pk>/", ForgotScopeAPIView.as_view()),
    path("speakers-everywhere/<int:pk>/", ForgotScopePage.as_view()),
    path("", include("annotator.urls")),
]
