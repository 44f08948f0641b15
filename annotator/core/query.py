"""Query parameters of the API's endpoints: declared once per view, checked in one place.

A view names its parameters as a serializer (`query_serializer`); `QueryParamsMixin.query`
validates them on first use and the schema documents them from the same class
(`annotator.core.schema.AnnotatorAutoSchema`), so a parameter a view reads is one the
schema lists and the hostile-input tests send NULs to (`tests/core/test_hostile_inputs.py`
walks every query parameter of every GET in the schema).

Every text parameter goes through `annotator.core.text.text_problem`, as bodies and
imports do: PostgreSQL refuses a NUL inside a query (`DataError`, a 500 before this),
SQLite would quietly find nothing. A choice names the values it takes.
"""

from __future__ import annotations

from functools import cached_property

from rest_framework import serializers

from annotator.core.text import text_problem


def _storable(value: str) -> None:
    problem = text_problem(value)
    if problem:
        raise serializers.ValidationError(f"{problem}.")


class QueryText(serializers.CharField):
    """A free-text parameter (a search): optional, trimmed, refused with a NUL or a lone surrogate."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("default", "")
        super().__init__(**kwargs)
        # DRF's own NUL validator says only "Null characters are not allowed."; ours says
        # what to do and also catches lone surrogates.
        self.validators = [v for v in self.validators if type(v).__name__ != "ProhibitNullCharactersValidator"]
        self.validators.append(_storable)


class QueryInteger(serializers.IntegerField):
    """A whole-number parameter (an id, a page): optional, between `min_value` and `max_value`."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str):
            _storable(data)
        return super().to_internal_value(data)


class QueryChoice(serializers.ChoiceField):
    """One of `choices`, or blank for any; an unknown value is a 400 naming the allowed ones."""

    def __init__(self, choices, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("default", "")
        super().__init__(choices, **kwargs)
        allowed = ", ".join(str(value) for value in self.choices)
        self.error_messages["invalid_choice"] = f"'{{input}}' is not one of the allowed values: {allowed}."

    def to_internal_value(self, data):
        if isinstance(data, str):
            _storable(data)  # first: the message below quotes the value
            data = data.strip()
        return super().to_internal_value(data)


class QueryParamsMixin:
    """`self.query`: the request's query parameters validated by the view's `query_serializer`.

    An invalid parameter raises DRF's ValidationError, which `api_exception_handler` turns
    into a 400 whose `detail` names the parameter (`status: 'x' is not one of ...`).
    """

    query_serializer: type[serializers.Serializer] | None = None

    @cached_property
    def query(self) -> dict:
        if self.query_serializer is None:
            return {}
        params = self.query_serializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return params.validated_data
