"""Proposing over a whole archive on Dask: `manage.py propose_archive` (see README, "Running over an archive").

`partitions` cuts the input into line ranges and row groups, `worker` proposes one
partition with the same engine call as `propose_quotes` and writes it atomically with a
receipt, `run` sends the partitions to a Dask cluster and writes the manifest. None of
it needs Django, so a Dask worker needs only this package and the spaCy model installed.
"""
