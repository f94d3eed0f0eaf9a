"""Completing plain fields directly (``core.graphql.execution``) answers exactly what
graphql-core's field-by-field execution answers: the same data, the same errors at the same
paths, the same nulls, whether the values are right or wrong, synchronous or awaited."""

from __future__ import annotations

import asyncio
import enum
from typing import Any

import pytest
import strawberry
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from core.graphql.execution import PlainFieldsExecution


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.interface
class Named:
    name: str


@strawberry.type
class Leaf(Named):
    colour: Colour
    size: int | None
    tags: list[str]


@strawberry.type
class Branch:
    label: str
    leaves: list[Leaf]
    maybe: list[Leaf] | None
    first: Leaf | None

    @strawberry.field
    async def later(self) -> Leaf:
        await asyncio.sleep(0)
        return self.leaves[0]

    @strawberry.field
    async def failing(self) -> str:
        raise ValueError("a resolver failed")

    @strawberry.field
    def shout(self, loud: bool = False) -> str:
        return self.label.upper() if loud else self.label


def _leaf(name: Any = "a", colour: Any = Colour.RED, size: Any = 1, tags: Any = None) -> Leaf:
    return Leaf(name=name, colour=colour, size=size, tags=["x", "y"] if tags is None else tags)


def _branch(leaves: list[Any], label: Any = "b", first: Any = None) -> Branch:
    return Branch(label=label, leaves=leaves, maybe=leaves, first=first)


BRANCHES: dict[str, list[Branch]] = {
    "good": [_branch([_leaf(), _leaf("b", Colour.BLUE, None)], first=_leaf())],
    "null in a non-null leaf": [_branch([_leaf(name=None)])],
    "null label": [_branch([_leaf()], label=None)],
    "value its enum refuses": [_branch([_leaf(colour="green")])],
    "value its scalar refuses": [_branch([_leaf(size="many")])],
    "object of another type": [_branch([_leaf(), "not a leaf"])],
    "null item in a non-null list": [_branch([_leaf(), None])],
    "text where a list belongs": [_branch([_leaf(tags="xy")])],
    "leaves where a list belongs": [_branch(_leaf())],  # type: ignore[arg-type]
    "empty": [],
}


@strawberry.type
class Query:
    @strawberry.field
    def branches(self, case: str) -> list[Branch]:
        return BRANCHES[case]

    @strawberry.field
    async def awaited(self, case: str) -> list[Branch] | None:
        await asyncio.sleep(0)
        return BRANCHES[case]


DOCUMENTS = {
    "plain": "{ branches(case: $case) { label leaves { name colour size tags } first { name } } }",
    "awaited below plain": "{ awaited(case: $case) { label leaves { name } later { name } } }",
    "error below plain": "{ branches(case: $case) { label leaves { name } failing } }",
    "fragments and aliases": (
        "{ branches(case: $case) { l: label ...F leaves { ... on Leaf { n: name colour } } } }"
        " fragment F on Branch { maybe { name } label }"
    ),
    "arguments and typename": (
        "{ branches(case: $case) { __typename shout(loud: true) leaves { __typename name } } }"
    ),
    "skip and include": (
        "{ branches(case: $case) { label @skip(if: true) leaves @include(if: true) { name } } }"
    ),
}


def _run(context_class: type, document: str, case: str) -> dict[str, Any]:
    schema = strawberry.Schema(query=Query, execution_context_class=context_class)
    query = "query($case: String!) " + document
    result = asyncio.run(schema.execute(query, variable_values={"case": case}))
    return {
        "data": result.data,
        "errors": sorted((e.message, tuple(e.path or ())) for e in result.errors or ()),
    }


@pytest.mark.parametrize("case", sorted(BRANCHES))
@pytest.mark.parametrize("document", sorted(DOCUMENTS))
def test_plain_completion_answers_as_field_by_field_execution(document: str, case: str) -> None:
    expected = _run(StrawberryGraphQLCoreExecutionContext, DOCUMENTS[document], case)
    assert _run(PlainFieldsExecution, DOCUMENTS[document], case) == expected


def test_only_fields_with_resolvers_or_arguments_are_resolved(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The plain document of a good branch resolves its root field (it takes an argument)
    and nothing below it: every other value is read straight from the objects."""
    resolved: list[str] = []
    execute_field = PlainFieldsExecution.execute_field

    def counting(self: PlainFieldsExecution, parent_type: Any, *args: Any) -> Any:
        resolved.append(str(args[2].as_list()))
        return execute_field(self, parent_type, *args)

    monkeypatch.setattr(PlainFieldsExecution, "execute_field", counting)
    found = _run(PlainFieldsExecution, DOCUMENTS["plain"], "good")

    assert found["data"]["branches"][0]["leaves"][1] == {
        "name": "b",
        "colour": "BLUE",
        "size": None,
        "tags": ["x", "y"],
    }
    assert resolved == ["['branches']"]
