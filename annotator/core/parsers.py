"""The API's request parsers: JSON, form and multipart bodies, their text checked on arrival.

DRF's own JSON parser lets a `RecursionError` through (a body nested 10,000 deep is a 500)
and hands on NUL characters and lone surrogates (`"\\u0000"`, `"\\ud800"`), which
PostgreSQL refuses. These parsers answer both with a 400 naming the field, before any
view or serializer sees the data. Settings make them DRF's defaults.
"""

from __future__ import annotations

from django.http import QueryDict
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from annotator.core.text import strings_checked


def _plain(data: object) -> object:
    """A form's QueryDict as a plain dict (a list where a key repeats), so the same walk
    checks every value and names a field as the client wrote it."""
    if not isinstance(data, QueryDict):
        return data
    return {key: values[0] if len(values) == 1 else values for key, values in data.lists()}


class CheckedJSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError("JSON parse error - the JSON is nested too deeply.") from exc
        return strings_checked(data)


class CheckedFormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        strings_checked(_plain(data))
        return data


class CheckedMultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        result = super().parse(stream, media_type, parser_context)
        strings_checked(_plain(result.data))
        return result
