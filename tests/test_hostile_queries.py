"""Documents cheap to send and expensive to answer are refused before they run, in time linear in
their size; ordinary documents, fragments and all, are still answered."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from graphql.language import Lexer, Source, TokenKind
from strawberry.extensions.parser_cache import _get_parse_cache

from core.graphql.validation import CACHE_SIZE, MAX_CACHED_QUERY_LENGTH, too_many_tokens
from core.settings import Settings
from tests.graphql_client import GraphQLClient


def fragment_bomb(levels: int) -> str:
    """Fragments that each spread the next twice: 2**levels fields in a few hundred bytes."""
    fragments = " ".join(
        f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels)
    )
    return f"query {{ ...F0 }} {fragments} fragment F{levels} on Query {{ __typename }}"


async def post(gql: GraphQLClient, query: str) -> httpx.Response:
    return await gql.http.post("/graphql", json={"query": query}, headers=gql.headers)


# Not a performance figure (bench/ measures those): a bound far above any machine's time for
# linear work, which work growing with 2**levels or with the whole document still breaks.
LINEAR_BOUND_SECONDS = 20
# The issue measured 4 to 9 seconds of CPU for these refusals; a refusal costs milliseconds.
REFUSAL_BOUND_SECONDS = 2


def only_error(response: httpx.Response) -> dict[str, Any]:
    (error,) = response.json()["errors"]
    return error


@pytest.mark.parametrize("levels", [22, 30])
async def test_validation_failed_fragments_expanding_beyond_the_field_limit(
    gql: GraphQLClient, settings: Settings, levels: int
) -> None:
    started = time.perf_counter()

    error = only_error(await post(gql, fragment_bomb(levels)))

    assert time.perf_counter() - started < LINEAR_BOUND_SECONDS
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert error["message"] == (
        f"'anonymous' asks for more than {settings.max_expanded_fields} fields once its fragments "
        "are expanded"
    )


@pytest.mark.parametrize("spreads", [1, 2], ids=["aliases-in-query", "aliases-in-fragments"])
async def test_validation_failed_more_aliases_than_allowed(
    gql: GraphQLClient, settings: Settings, spreads: int
) -> None:
    """Aliases count once for each time a fragment is spread."""
    allowed = settings.max_aliases
    aliases = " ".join(f"a{i}: __typename" for i in range(allowed // spreads + 1))
    query = "query { " + "...A " * spreads + "} fragment A on Query { " + aliases + " }"

    error = only_error(await post(gql, query))

    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert error["message"] == f"'anonymous' uses more than {allowed} aliases"


async def test_validation_failed_depth_through_fragments(
    gql: GraphQLClient, settings: Settings
) -> None:
    """Depth counts through fragments: each fragment nests two levels in the next."""
    pairs = settings.max_query_depth // 2
    fragments = " ".join(
        f"fragment D{i} on Group {{ children {{ parent {{ ...D{i + 1} }} }} }}"
        for i in range(pairs)
    )
    query = (
        'query Deep { node(id: "x") { ...D0 } } '
        f"{fragments} fragment D{pairs} on Group {{ name }}"
    )

    error = only_error(await post(gql, query))

    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert error["message"] == (
        f"'Deep' exceeds maximum operation depth of {settings.max_query_depth}"
    )


@pytest.mark.parametrize(
    ("query", "code"),
    [
        (
            "{ " + " ".join(f"a{i}: __typename" for i in range(10_000)) + " }",
            "GRAPHQL_PARSE_FAILED",
        ),
        ("{ " + "__typename " * 200_000 + "}", "PAYLOAD_TOO_LARGE"),
        (
            "{ organizations(first: 100) { nodes { children { children { children { id } } } } } }",
            "QUERY_TOO_COSTLY",
        ),
    ],
    ids=["10000-aliases", "200000-typename", "costly"],
)
async def test_refusal_of_a_huge_document_is_cheap(
    gql: GraphQLClient, query: str, code: str
) -> None:
    started = time.perf_counter()

    error = only_error(await post(gql, query))

    assert time.perf_counter() - started < REFUSAL_BOUND_SECONDS
    assert error["extensions"]["code"] == code


async def test_large_document_is_answered_without_being_cached(gql: GraphQLClient) -> None:
    """A document over the cache limit is parsed afresh each time instead of being kept."""
    query = "{ __typename }\n" + "# padding\n" * (MAX_CACHED_QUERY_LENGTH // 10 + 1)
    cache = _get_parse_cache(CACHE_SIZE)

    first = await post(gql, query)
    hits = cache.cache_info().hits
    second = await post(gql, query)

    assert first.json()["data"] == second.json()["data"] == {"__typename": "Query"}
    assert cache.cache_info().hits == hits


def _lexed_tokens(document: str) -> int:
    lexer, count = Lexer(Source(document)), 0
    while lexer.advance().kind != TokenKind.EOF:
        count += 1
    return count


@pytest.mark.parametrize(
    "document",
    [
        "{ a0: __typename, a1: __typename }",
        'query($x: [Int!]! = [1, -2.5e3]) { f(a: "# not { a comment }") @skip(if: $x) { ...F } }'
        "\n# a comment { with: braces }\nfragment F on T { id }",
        '{ f(text: """a "block" string \\""" with # and { words }""") }',
    ],
)
def test_token_count_before_parsing_is_the_lexers(document: str) -> None:
    """The cheap count that refuses a long document before graphql-core lexes it counts what
    the lexer counts: strings and block strings are one token, comments and commas none."""
    tokens = _lexed_tokens(document)
    assert (too_many_tokens(document, tokens), too_many_tokens(document, tokens - 1)) == (
        False,
        True,
    )
