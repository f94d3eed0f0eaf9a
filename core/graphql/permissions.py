"""Who may call a field, declared on the field with strawberry's ``PermissionExtension``.

A refusal raises the same :class:`~core.errors.ApiError` a service would (UNAUTHENTICATED,
FORBIDDEN, NOT_FOUND for an ID that names nothing), so a client cannot tell where the check
stood. Services keep their own checks: a program calls them without going through a field."""

from __future__ import annotations

from typing import Any

from strawberry.extensions.field_extension import FieldExtension
from strawberry.permission import BasePermission, PermissionExtension

from core.errors import Forbidden, Unauthenticated
from core.graphql.relay import decode_id


class SignedIn(BasePermission):
    """The caller is a signed-in person."""

    message = Unauthenticated.default_message

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        return info.context.viewer.person_id is not None

    def on_unauthorized(self) -> None:
        raise Unauthenticated()


class ProgramStaff(BasePermission):
    """The caller is staff of the program in the organization the field's
    ``organization_id`` argument names."""

    message = Forbidden.default_message

    def __init__(self, program: str) -> None:
        self.program = program

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        viewer = info.context.viewer
        viewer.require_person()
        organization = decode_id(kwargs["organization_id"], "Organization")
        return viewer.is_staff(organization, self.program)

    def on_unauthorized(self) -> None:
        raise Forbidden()


def requires(*permissions: BasePermission) -> list[FieldExtension]:
    """The extensions of a field only callers with every permission may use."""
    return [PermissionExtension(permissions=list(permissions), use_directives=False)]
