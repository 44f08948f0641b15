"""The OpenAPI schema as the API really answers: every error status it can give is listed.

drf-spectacular documents only the success answer. Every endpoint of ours can also answer
401 (no login), 403 (a role too low) and 404 (an unknown object, or another project's),
every write 400 (`api_exception_handler`'s body: `detail`, maybe `errors`), and one
with a body 415 for a content type it cannot parse; a read with query parameters
(`annotator.core.query`) answers 400 for a bad one. This schema class adds those, and
documents a view's `query_serializer` as its query parameters, so clients and the API
fuzzing test (`tests/core/test_api_fuzz.py`) can rely on the documented statuses. A 409
is declared by the views that can give one.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

ERROR_STATUSES = {
    "400": "The request is invalid; `detail` says why, `errors` lists every problem.",
    "401": "Not logged in: send a token (`Authorization: Token ...`) or a session cookie.",
    "403": "Your role in this project does not allow this.",
    "404": "No such object in a project you belong to.",
    "415": "The body's content type is not one the operation takes (JSON, form or multipart).",
}
READ_METHODS = {"GET", "HEAD", "OPTIONS"}


class ErrorSerializer(serializers.Serializer):
    """Every error answer of the API (see `annotator.core.exceptions.api_exception_handler`)."""

    detail = serializers.CharField()
    errors = serializers.JSONField(required=False, help_text="Every problem: a list, or field -> messages.")


class AnnotatorAutoSchema(AutoSchema):
    """drf-spectacular's schema plus the error statuses each operation can answer with."""

    def _query_serializer(self):
        return getattr(self.view, "query_serializer", None) if self.method == "GET" else None

    def get_override_parameters(self):
        params = super().get_override_parameters()
        query = self._query_serializer()
        return [*params, query] if query is not None else params

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._error_statuses():
            if code not in responses:
                responses[code] = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                responses[code]["description"] = ERROR_STATUSES[code]
        return responses

    def _error_statuses(self) -> list[str]:
        # The token login has no permission classes: no 401/403/404, only a 400 for bad credentials.
        public = not getattr(self.view, "permission_classes", None)
        codes = [] if public else ["401", "403", "404"]
        if self.method not in READ_METHODS or public or self._query_serializer() is not None:
            codes.append("400")
        if self.method not in READ_METHODS and self.get_request_serializer() is not None:
            codes.append("415")  # DRF's answer to a body it has no parser for
        # A view whose operation cannot answer one of these says so (e.g. a DELETE without a body).
        impossible = getattr(self.view, "schema_impossible_statuses", {}).get(self.method, ())
        return [code for code in codes if code not in impossible]
