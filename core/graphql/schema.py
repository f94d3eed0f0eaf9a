"""The one GraphQL schema: core plus every enabled program, built once at startup.

strawberry's ``merge_types`` only warns on a duplicated field and keeps the first; here a
duplicated root field, node type or type name stops startup with both programs named.
"""

from __future__ import annotations

from dataclasses import dataclass

import strawberry
from graphql import GraphQLError
from strawberry.exceptions import DuplicatedTypeName
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.name_converter import NameConverter
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from core.audit.extension import AuditTrail
from core.graphql.context import NodeResolver, OneReadSession
from core.graphql.deadline import time_limited
from core.graphql.errors import ErrorCodes
from core.graphql.scalars import SCALARS
from core.graphql.validation import query_limits
from core.observability.requests import OperationRecord
from core.observability.tracing import tracing_extensions
from core.registry import Program, ProgramError, Registry
from core.settings import Settings


@dataclass(frozen=True)
class BuiltSchema:
    schema: strawberry.Schema
    node_resolvers: dict[str, NodeResolver]

    def sdl(self) -> str:
        return self.schema.as_str() + "\n"


def _roots(programs: tuple[Program, ...], attr: str, kind: str) -> list[type]:
    names = NameConverter()
    owners: dict[str, str] = {}
    roots: list[type] = []
    for program in programs:
        root = getattr(program.schema, attr)
        if root is None:
            continue
        for field in root.__strawberry_definition__.fields:
            name = names.get_graphql_name(field)
            if name in owners:
                raise ProgramError(
                    f"{kind} field {name!r} is declared by both {owners[name]!r} "
                    f"and {program.slug!r}"
                )
            owners[name] = program.slug
        roots.append(root)
    return roots


def _node_resolvers(programs: tuple[Program, ...]) -> dict[str, NodeResolver]:
    resolvers: dict[str, NodeResolver] = {}
    owners: dict[str, str] = {}
    for program in programs:
        for type_name, resolver in program.schema.nodes.items():
            if type_name in resolvers:
                raise ProgramError(
                    f"node type {type_name!r} is declared by both {owners[type_name]!r} "
                    f"and {program.slug!r}"
                )
            resolvers[type_name], owners[type_name] = resolver, program.slug
    return resolvers


class Schema(strawberry.Schema):
    """strawberry logs every error of a result at ERROR, with its traceback and the query
    text around it (literals included): a fuzzed client filled megabytes of logs. Here an
    ordinary client error is only a code in the request's log line, and ErrorCodes logs an
    unexpected exception once, with its traceback, before masking it."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        return


def _schema(programs: tuple[Program, ...], settings: Settings) -> strawberry.Schema:
    queries = _roots(programs, "query", "Query")
    mutations = _roots(programs, "mutation", "Mutation")
    return Schema(
        query=merge_types("Query", tuple(queries)),
        mutation=merge_types("Mutation", tuple(mutations)) if mutations else None,
        types=[t for p in programs for t in p.schema.types],
        extensions=[
            *tracing_extensions(settings),
            OperationRecord,
            ErrorCodes,
            AuditTrail,
            OneReadSession,
            *query_limits(settings),
        ],
        config=StrawberryConfig(relay_max_results=settings.max_page_size, scalar_map=SCALARS),
        execution_context_class=time_limited(settings.max_execution_seconds),
    )


def _explain_duplicate(registry: Registry, settings: Settings) -> str:
    """Find which programs declare the same type name, by building each with core alone."""
    core = registry.programs[:1]
    core_names = set(_schema(core, settings)._schema.type_map)
    owners: dict[str, str] = {}
    for program in registry.programs[1:]:
        try:
            names = set(_schema((*core, program), settings)._schema.type_map) - core_names
        except DuplicatedTypeName as error:
            return f"program {program.slug!r} declares a GraphQL type core already has: {error}"
        for name in sorted(names):
            if name in owners:
                return (
                    f"GraphQL type {name!r} is declared by both {owners[name]!r} "
                    f"and {program.slug!r}"
                )
            owners[name] = program.slug
    return "two programs declare the same GraphQL type name"


def build_schema(registry: Registry, settings: Settings) -> BuiltSchema:
    try:
        schema = _schema(registry.programs, settings)
    except DuplicatedTypeName as error:
        raise ProgramError(_explain_duplicate(registry, settings)) from error
    return BuiltSchema(schema=schema, node_resolvers=_node_resolvers(registry.programs))
