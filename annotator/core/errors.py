"""Domain errors raised by services and mapped to HTTP answers in one place."""

from __future__ import annotations


class DomainError(Exception):
    """A request that cannot be carried out as asked; the message is shown to the user."""

    status_code = 400

    def __init__(self, message: str, *, details: object | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class ConflictError(DomainError):
    """A write based on a stale version of the object (optimistic locking)."""

    status_code = 409


class PermissionDeniedError(DomainError):
    status_code = 403
