"""One exception handler for the API: domain and validation errors become clear JSON."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

from annotator.core.errors import DomainError


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    """Map `DomainError` and Django's `ValidationError` onto DRF responses.

    Every error body has a `detail` string; validation errors also carry `errors`
    (a list or a field -> messages mapping) so scripts can show every problem at once.
    """
    if isinstance(exc, DomainError):
        body: dict = {"detail": exc.message}
        if exc.details is not None:
            body["errors"] = exc.details
        return Response(body, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        exc = exceptions.ValidationError(errors)
    response = exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        errors = response.data
        response.data = {"detail": _first_message(errors) or "Invalid input.", "errors": errors}
    return response


def _first_message(errors: object) -> str:
    if isinstance(errors, str):
        return errors
    if isinstance(errors, list) and errors:
        return _first_message(errors[0])
    if isinstance(errors, dict) and errors:
        key, value = next(iter(errors.items()))
        message = _first_message(value)
        return message if key in ("non_field_errors", "detail") else f"{key}: {message}"
    return ""
