"""The ``exports`` root field: which CSV exports this server offers and where, so a frontend
can offer a download link. Who may download one is decided at download, with its parameters."""

from __future__ import annotations

import strawberry

from core.exports.routes import ROUTE, exports
from core.graphql.context import Info
from core.programs import ExportSpec


@strawberry.type(description="A CSV export staff download with their bearer token.")
class Export:
    name: str
    title: str
    path: str = strawberry.field(description="Where to GET it, before its query parameters.")
    parameters: list[str] = strawberry.field(
        description="The query parameters it reads; every export also reads `header` (`words`, "
        "the default: a header row in the reader's language; `keys`: the column keys)."
    )
    columns: list[str] = strawberry.field(description="The stable keys of its columns.")
    headers: list[str] = strawberry.field(
        description="Its columns as its header row words them, in the reader's language."
    )

    @classmethod
    def of(cls, spec: ExportSpec) -> Export:
        return cls(
            name=spec.name,
            title=spec.title(),
            path=ROUTE.format(name=spec.name),
            parameters=list(spec.parameters),
            columns=list(spec.columns),
            headers=list(spec.headers()),
        )


@strawberry.type
class ExportsQuery:
    @strawberry.field(
        description="The CSV exports of core and the enabled programs (README: Exports)."
    )
    def exports(self, info: Info) -> list[Export]:
        return [Export.of(spec) for spec in exports(info.context.registry).values()]
