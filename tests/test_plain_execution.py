"""Completing plain fields directly (``core.graphql.execution``) answers exactly what
graphql-core's field-by-field execution answers: the same data, the same errors at the same
paths, the same nulls, whether the values are right or wrong, synchronous or awaited, read one
parent at a time or for a whole level of a list at once."""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Sequence
from typing import Any

import pytest
import strawberry
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from core.graphql.execution import PlainFieldsExecution
from core.graphql.plans import batched


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


async def _echoes(info: Any, leaves: Sequence[Leaf]) -> list[str | None]:
    """A batched leaf below a batched object: every leaf of a level in one call."""
    await asyncio.sleep(0)
    return [None if leaf.name == "hole" else f"{leaf.name}!" for leaf in leaves]


@strawberry.interface
class Named:
    name: str


@strawberry.type
class Leaf(Named):
    colour: Colour
    size: int | None
    tags: list[str]
    echo = batched(_echoes, graphql_type=str, description="Non-null: a hole is an error.")


async def _partners(info: Any, branches: Sequence[Branch]) -> list[Leaf | None]:
    """A batched non-null object: a branch with no leaves has none (an error), one labelled
    boom fails the batch."""
    await asyncio.sleep(0)
    if any(branch.label == "boom" for branch in branches):
        raise ValueError("the batch failed")
    return [branch.leaves[-1] if branch.leaves else None for branch in branches]


async def _counts(info: Any, branches: Sequence[Branch]) -> list[int]:
    return [len(branch.leaves) for branch in branches]


@strawberry.type
class Branch:
    partner = batched(_partners, graphql_type=Leaf, description="The last leaf.")
    count = batched(_counts, graphql_type=int, description="How many leaves.")
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
    "a hole below": [_branch([_leaf(), _leaf("hole")]), _branch([_leaf("c")])],
    "a failing batch": [_branch([_leaf()]), _branch([_leaf()], label="boom")],
    "no partner": [_branch([_leaf()]), _branch([])],
}


@strawberry.type
class Forest:
    """Branches in a plain list: completed a level at a time."""

    branches: list[Branch]


@strawberry.type
class Query:
    @strawberry.field
    def branches(self, case: str) -> list[Branch]:
        return BRANCHES[case]

    @strawberry.field
    def forest(self, case: str) -> Forest | None:
        return Forest(branches=BRANCHES[case])

    @strawberry.field
    async def awaited(self, case: str) -> list[Branch] | None:
        await asyncio.sleep(0)
        return BRANCHES[case]


DOCUMENTS = {
    "introspection beside plain": (
        '{ __type(name: "Leaf") { name fields { name type { kind ofType { name } } } } '
        "branches(case: $case) { label } }"
    ),
    "batched by level": (
        "{ forest(case: $case) { branches { label count partner { name echo } "
        "leaves { name echo } } } }"
    ),
    "batched one by one": (
        "{ branches(case: $case) { count partner { name echo } leaves { echo } } }"
    ),
    "batched beside resolvers": (
        "{ forest(case: $case) { branches { later { echo } failing leaves { size echo } } } }"
    ),
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


def _run(context_class: type, document: str, case: str) -> tuple[Any, list[str]]:
    """The data, and each error's message once its path is checked to end in a null."""
    schema = strawberry.Schema(query=Query, execution_context_class=context_class)
    query = "query($case: String!) " + document

    async def execute() -> Any:
        result = await schema.execute(query, variable_values={"case": case})
        # What an error left to settle in the background settles, as a server's loop lets it.
        others = asyncio.all_tasks() - {asyncio.current_task()}
        await asyncio.gather(*others, return_exceptions=True)
        return result

    result = asyncio.run(execute())
    for error in result.errors or ():
        assert _nulled(result.data, error.path or [])
    return result.data, sorted(error.message for error in result.errors or ())


def _nulled(data: Any, path: list[Any]) -> bool:
    """Whether the error at ``path`` left a null on its way: the field itself, or the nearest
    nullable field above, which is all GraphQL promises. Which error is reported when
    several items of a list fail at once differs (graphql-core reports the first to fail in
    time, a list completed by level the first in order), so paths are not compared."""
    for key in path:
        if data is None:
            return True
        data = data[key]
    return data is None


@pytest.mark.parametrize("case", sorted(BRANCHES))
@pytest.mark.parametrize("document", sorted(DOCUMENTS))
def test_plain_completion_answers_as_field_by_field_execution(document: str, case: str) -> None:
    """The same data and errors. Where several fields of one object fail and the failure nulls
    an ancestor, GraphQL reports one error and either may be it: graphql-core's is the first
    to fail in time (a synchronous one before an awaited batch), a level's the first in its
    selection; so with batched fields only how many errors there are is compared."""
    data, errors = _run(PlainFieldsExecution, DOCUMENTS[document], case)
    expected_data, expected_errors = _run(
        StrawberryGraphQLCoreExecutionContext, DOCUMENTS[document], case
    )

    assert data == expected_data
    if document.startswith("batched"):
        assert len(errors) == len(expected_errors)
    else:
        assert errors == expected_errors


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
    data, errors = _run(PlainFieldsExecution, DOCUMENTS["plain"], "good")

    assert data["branches"][0]["leaves"][1] == {
        "name": "b",
        "colour": "BLUE",
        "size": None,
        "tags": ["x", "y"],
    }
    assert errors == []
    assert resolved == ["['branches']"]
