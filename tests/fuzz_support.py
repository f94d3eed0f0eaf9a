"""What tests/test_fuzz.py sends and what it demands of every answer.

Documents come from the running app's own schema (every program enabled), so a program's new
field is fuzzed the day it is added. IDs are mostly well-formed global IDs of the schema's node
types with small numbers, which name the rows the fuzz database was seeded with: random text
alone would stop every resolver at "no such ID" and never reach a rule.
"""

from __future__ import annotations

import builtins
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import asyncpg
import graphql
import httpx
import sqlalchemy.exc
from hypothesis import strategies as st
from hypothesis_graphql import nodes

from core.graphql.relay import to_global_id

JSON_VALUES: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


def _exception_names() -> frozenset[str]:
    """Names of the exceptions the service could meet, which an answer must never show; less
    "Error", "Warning" and "Exception", which graphql-core's own messages use as words."""
    modules: Iterable[object] = (builtins, sqlalchemy.exc, asyncpg.exceptions, sqlite3)
    return frozenset(
        name
        for module in modules
        for name, value in vars(module).items()
        if isinstance(value, type) and issubclass(value, BaseException)
    ) - {"Error", "Warning", "Exception"}


EXCEPTION_NAMES = _exception_names()
LEAKS = re.compile(
    r"Traceback|File \"|\bline \d+, in\b|sqlalchemy|asyncpg|aiosqlite|sqlite3|psycopg"
    r"|\bSELECT\b.+\bFROM\b|\bINSERT INTO\b|\bUPDATE\b.+\bSET\b|\bDELETE FROM\b|\[SQL:",
    re.DOTALL,
)
WORDS = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def leaks(message: str) -> list[str]:
    """What in a client-facing message gives away the implementation."""
    found = [match.group(0) for match in LEAKS.finditer(message)]
    return found + [word for word in WORDS.findall(message) if word in EXCEPTION_NAMES]


def check_answer(response: httpx.Response) -> None:
    """The fuzzing properties: no 5xx, a JSON body (in either media type), and every error
    coded, not INTERNAL (a masked crash is still a crash) and free of stack traces, SQL and
    exception class names."""
    assert response.status_code < 500, response.text
    media_type = response.headers["content-type"].partition(";")[0]
    assert media_type in {"application/json", "application/graphql-response+json"}, response.text
    body = response.json()
    assert isinstance(body, dict), body
    for error in body.get("errors") or ():
        code = (error.get("extensions") or {}).get("code")
        assert isinstance(code, str), error
        assert code not in {"", "INTERNAL"}, error
        assert not leaks(error["message"]), error


SEEDED = ("Organization", "Person", "Group", "Activity")


def node_ids(type_names: Iterable[str]) -> st.SearchStrategy[str]:
    """Mostly global IDs of the seeded rows (tests/test_fuzz.py), else of any node type, now
    and then one of a wrong shape."""
    numbers = st.integers(min_value=1, max_value=3)
    return st.one_of(
        st.builds(to_global_id, st.sampled_from(SEEDED), numbers),
        st.builds(to_global_id, st.sampled_from(SEEDED), numbers),
        st.builds(to_global_id, st.sampled_from(sorted(type_names)), numbers),
        st.text(max_size=12),
    )


def _dates() -> st.SearchStrategy[date]:
    return st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


def scalar_nodes(type_names: Iterable[str]) -> dict[str, st.SearchStrategy[graphql.ValueNode]]:
    """Literals for the schema's own scalars (and ID), as hypothesis-graphql asks for them."""
    datetimes = st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
    )
    return {
        "ID": node_ids(type_names).map(nodes.String),
        "Date": _dates().map(lambda day: nodes.String(day.isoformat())),
        "DateTime": datetimes.map(lambda moment: nodes.String(moment.isoformat())),
        "Decimal": st.decimals(min_value=-1000, max_value=1000, places=2).map(nodes.String),
        "JSON": st.just(graphql.ObjectValueNode(fields=())),
    }


def one_root_field(
    operation: Callable[..., st.SearchStrategy[str]],
    schema: graphql.GraphQLSchema,
    root: graphql.GraphQLObjectType,
    **options: Any,
) -> st.SearchStrategy[str]:
    """Documents asking one root field each: several in one document would mostly end in a
    ``null`` ``data`` for the first refused one, and never show what the others do."""
    by_field = {name: operation(schema, fields=[name], **options) for name in sorted(root.fields)}
    return st.sampled_from(sorted(by_field)).flatmap(by_field.__getitem__)


def mutate_text(document: str) -> st.SearchStrategy[str]:
    """A document with a slice cut out, replaced or doubled: almost GraphQL."""

    @st.composite
    def mutated(draw: Callable[..., Any]) -> str:
        start = draw(st.integers(min_value=0, max_value=len(document)))
        end = draw(st.integers(min_value=start, max_value=len(document)))
        middle = draw(
            st.sampled_from(["", document[start:end] * 2, "{", "}", "(", "$", "...", '"'])
            | st.text(max_size=8)
        )
        return document[:start] + middle + document[end:]

    return mutated()


def _typed_scalars(type_names: Iterable[str]) -> dict[str, st.SearchStrategy[Any]]:
    """JSON values of the right type for each scalar, as variables carry them."""
    return {
        "ID": node_ids(type_names),
        "Int": st.integers(min_value=-(2**33), max_value=2**33),
        "Float": st.floats(allow_nan=False, allow_infinity=False),
        "String": st.text(max_size=30),
        "Boolean": st.booleans(),
        "Date": _dates().map(date.isoformat),
        "DateTime": st.datetimes(timezones=st.just(UTC)).map(datetime.isoformat),
        "Decimal": st.decimals(allow_nan=False, allow_infinity=False).map(str),
        "JSON": JSON_VALUES,
    }


@dataclass
class LooseValues:
    """Variables for a type that are right in places and wrong in others: each level is now
    the right shape, now any JSON at all, so coercion is tried at every depth."""

    scalars: dict[str, st.SearchStrategy[Any]]

    def of(self, type_: graphql.GraphQLInputType, depth: int = 0) -> st.SearchStrategy[Any]:
        named = graphql.get_nullable_type(type_)
        if depth > 3:
            return JSON_VALUES
        if isinstance(named, graphql.GraphQLList):
            shaped: st.SearchStrategy[Any] = st.lists(self.of(named.of_type, depth + 1), max_size=3)
        elif isinstance(named, graphql.GraphQLInputObjectType):
            fields = {name: self.of(f.type, depth + 1) for name, f in named.fields.items()}
            shaped = st.fixed_dictionaries({}, optional=fields)
        elif isinstance(named, graphql.GraphQLEnumType):
            shaped = st.sampled_from(sorted(named.values))
        else:
            shaped = self.scalars.get(named.name, JSON_VALUES)
        return st.one_of(shaped, shaped, JSON_VALUES)


def variable_requests(
    schema: graphql.GraphQLSchema, type_names: Iterable[str]
) -> st.SearchStrategy[dict[str, Any]]:
    """Bodies asking one root field with every argument a variable, the variables loose."""
    loose = LooseValues(_typed_scalars(type_names))
    bodies: list[st.SearchStrategy[dict[str, Any]]] = []
    for keyword, root in (("query", schema.query_type), ("mutation", schema.mutation_type)):
        for name, root_field in sorted((root.fields if root else {}).items()):
            if not root_field.args:
                continue
            declared = ", ".join(f"${a}: {t.type}" for a, t in root_field.args.items())
            passed = ", ".join(f"{a}: ${a}" for a in root_field.args)
            leaf = graphql.is_leaf_type(graphql.get_named_type(root_field.type))
            document = (
                f"{keyword}({declared}) {{ {name}({passed}){'' if leaf else ' { __typename }'} }}"
            )
            variables = {a: loose.of(t.type) for a, t in root_field.args.items()}
            bodies.append(
                st.fixed_dictionaries(
                    {
                        "query": st.just(document),
                        "variables": st.fixed_dictionaries({}, optional=variables),
                    }
                )
            )
    return st.one_of(bodies)
