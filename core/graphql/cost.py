"""What an operation may cost: GitHub's node count, refused before execution and reported after.

The cost of an operation is, for every list it asks for, the number of items that list may
return times the items of every list around it, summed over the document: GitHub's node limit
(``repositories(first: 50) { issues(first: 10) }`` costs 50 + 50 * 10). A connection may return
its ``first``/``last`` (its default page without either). A plain list of objects that is not a
connection's page has no bound in the API, so it is counted as ``max_page_size`` items, the most
any list here is paged by. A connection's own ``edges`` and ``nodes`` are its page, counted once
with the connection; a list of scalars or enums adds no resolver per item and counts nothing,
nor does introspection, whose size is the schema's.

``first: $n`` is only known once the variables are: graphql-core's validation rules see the
document alone (and strawberry caches their verdict by document), so the cost is computed when
execution starts, in time linear in the document, each fragment sized once. The cost is an upper
bound: ``@skip`` and ``@include`` are ignored, and fragments on different types of an interface
all count, although one object is only ever of one of them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
)
from graphql.utilities import get_operation_ast, value_from_ast_untyped
from strawberry.extensions import SchemaExtension

from core.errors import ApiError
from core.graphql.connections import Connection, Paged
from core.i18n import N_, _

QUERY_TOO_COSTLY = "QUERY_TOO_COSTLY"
_PAGE_FIELDS = frozenset({"edges", "nodes"})


class QueryTooCostly(ApiError):
    code = QUERY_TOO_COSTLY
    default_message = N_("The query may return too many items; ask for smaller pages.")


class _Cost:
    """The cost of selections, each fragment sized once (at a multiplier of one: the cost of a
    selection under lists of ``n`` items is ``n`` times its own)."""

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        max_page_size: int,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.max_page_size = max_page_size
        self.sized: dict[str, int] = {}
        self.sizing: set[str] = set()

    def of(self, parent: GraphQLNamedType | None, selection_set: SelectionSetNode) -> int:
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field(parent, selection)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.fragment(selection.name.value)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                total += self.of(inner, selection.selection_set)
        return total

    def field(self, parent: GraphQLNamedType | None, node: FieldNode) -> int:
        if node.selection_set is None or not isinstance(
            parent, GraphQLObjectType | GraphQLInterfaceType
        ):
            return 0
        definition = parent.fields.get(node.name.value)
        if definition is None:  # introspection: __schema and __type are no field of a type
            return 0
        items = self.items(parent, definition, node)
        inner = self.of(get_named_type(definition.type), node.selection_set)
        return inner if items is None else items + items * inner

    def items(
        self, parent: GraphQLNamedType, definition: GraphQLField, node: FieldNode
    ) -> int | None:
        """How many items the field may return per parent; ``None`` when it counts nothing by
        itself (one object, or a connection's page)."""
        paged = _paged(definition)
        if paged is not None:
            asked = [self.argument(node, name) for name in ("first", "last")]
            given = [n for n in asked if n is not None]
            return max(0, *given) if given else paged.default
        if not isinstance(get_nullable_type(definition.type), GraphQLList):
            return None
        if node.name.value in _PAGE_FIELDS and _is_connection(parent):
            return None
        return self.max_page_size

    def argument(self, node: FieldNode, name: str) -> int | None:
        for argument in node.arguments or ():
            if argument.name.value != name:
                continue
            value = argument.value
            if isinstance(value, VariableNode):
                given = self.variables.get(value.name.value)
                return given if isinstance(given, int) else None
            return int(value.value) if isinstance(value, IntValueNode) else None
        return None

    def fragment(self, name: str) -> int:
        if name in self.sized:
            return self.sized[name]
        fragment = self.fragments.get(name)
        if fragment is None or name in self.sizing:
            return 0  # graphql-core's validation reports unknown and cyclic fragments
        self.sizing.add(name)
        condition = self.schema.get_type(fragment.type_condition.name.value)
        self.sized[name] = self.of(condition, fragment.selection_set)
        self.sizing.discard(name)
        return self.sized[name]


def _paged(definition: GraphQLField) -> Paged | None:
    strawberry_field = (definition.extensions or {}).get("strawberry-definition")
    for extension in getattr(strawberry_field, "extensions", ()):
        if isinstance(extension, Paged):
            return extension
    return None


def _is_connection(parent: GraphQLNamedType) -> bool:
    definition = (parent.extensions or {}).get("strawberry-definition")
    origin = getattr(definition, "concrete_of", None)
    return origin is not None and origin.origin is Connection


def operation_cost(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any],
    max_page_size: int,
) -> int:
    """The cost of ``operation`` with ``variables`` (their defaults where not given)."""
    given = dict(variables)
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        if name not in given and definition.default_value is not None:
            given[name] = value_from_ast_untyped(definition.default_value)
    root = schema.get_root_type(operation.operation)
    return _Cost(schema, fragments, given, max_page_size).of(root, operation.selection_set)


class CostLimit(SchemaExtension):
    """Refuses an operation costing more than ``limit`` before it runs, and reports the cost of
    every operation that reaches execution in ``extensions.cost``, so a client learns how far
    it is from the limit before it meets it."""

    def __init__(self, *, limit: int, max_page_size: int) -> None:
        self.limit = limit
        self.max_page_size = max_page_size
        self.requested: int | None = None

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        operation = get_operation_ast(document, context.operation_name) if document else None
        if document is not None and operation is not None:
            fragments = {
                d.name.value: d
                for d in document.definitions
                if isinstance(d, FragmentDefinitionNode)
            }
            self.requested = operation_cost(
                context.schema._schema,
                operation,
                fragments,
                context.variables or {},
                self.max_page_size,
            )
            if self.requested > self.limit:
                context.result = ExecutionResult(data=None, errors=[self.refusal(operation)])
        yield

    def refusal(self, operation: OperationDefinitionNode) -> GraphQLError:
        message = _(
            "The query may return {cost} items, more than the limit of {limit}; ask for "
            "smaller pages (first or last) or fewer nested lists.",
            cost=self.requested,
            limit=self.limit,
        )
        return GraphQLError(message, operation, original_error=QueryTooCostly(message))

    def get_results(self) -> dict[str, Any]:
        if self.requested is None:
            return {}
        return {"cost": {"requested": self.requested, "limit": self.limit}}
