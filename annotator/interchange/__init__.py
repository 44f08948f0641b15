"""The interchange format, pure: no Django, no ORM, no settings.

`vocabulary` (kinds, speaker types, statuses, record keys), `quotes` and `articles`
(validation and conversion of records), `jsonl` (reading and writing lines) and
`scoring` (proposals or annotators against gold). Every layer above reads these
definitions instead of writing its own.
"""
