"""What a document may ask for, checked before it runs, in time linear in its text.

A document is cheap to send and may be expensive to answer: fragments that each spread the next
twice expand to 2**n fields in a document of a few hundred bytes. strawberry's
``QueryDepthLimiter`` and ``MaxAliasesLimiter`` walk that expansion themselves (seconds at 22
levels, hours at 30), so they are replaced here by one rule that sizes each fragment once and
refuses an operation that is too deep, uses too many aliases or expands to too many fields.

The parser and validation caches keep small documents only: a document of megabytes would
otherwise stay in memory as a cache key long after its one request.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from graphql import (
    ASTValidationRule,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    NoSchemaIntrospectionCustomRule,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)
from graphql.language.visitor import SKIP, VisitorAction
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)

from core.graphql.cost import CostLimit
from core.i18n import Language, _, current_language
from core.settings import Settings

MAX_CACHED_QUERY_LENGTH = 64 * 1024  # characters
CACHE_SIZE = 256

# GraphQL's lexical tokens, each matched whole: a string or block string (a ``#`` or a word
# inside one is not a token), a comment (not a token), a name, a number, a punctuator.
# Commas, whitespace and anything unmatched are not counted, so the count never exceeds what
# graphql-core's lexer would count.
_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|"(?:[^"\\\n]|\\.)*"|(#)[^\n\r]*'
    r"|[_A-Za-z][_0-9A-Za-z]*|-?[0-9][0-9.eE+-]*|\.\.\.|[!$&()\[\]{}:=@|]"
)


def too_many_tokens(query: str, max_tokens: int) -> bool:
    """Whether ``query`` has more than ``max_tokens`` tokens, counted by a regular expression.

    graphql-core's lexer refuses such a document too, but only after lexing ``max_tokens``
    tokens one by one in Python (0.15 s at 20,000); the expression runs in C and stops counting
    at the limit, so a hostile document is refused in milliseconds. Every token is at least a
    character long, so a document no longer than the limit is not scanned at all: the scan runs
    on every request, and an application's documents are far shorter."""
    if len(query) <= max_tokens:
        return False
    counted = 0
    for token in _TOKEN.finditer(query):
        if token.group(1) is None:
            counted += 1
            if counted > max_tokens:
                return True
    return False


@dataclass(frozen=True)
class _Size:
    """What a selection set expands to: its fields and aliases counted once per appearance in
    the expanded query, and the nesting of fields with selections (introspection left out)."""

    fields: int = 0
    aliases: int = 0
    depth: int = 0

    def __add__(self, other: _Size) -> _Size:
        return _Size(
            self.fields + other.fields, self.aliases + other.aliases, max(self.depth, other.depth)
        )


def query_limits_rule(settings: Settings) -> type[ValidationRule]:
    """The validation rule enforcing the settings ``max_query_depth``, ``max_aliases`` and
    ``max_expanded_fields``.

    graphql-core runs it after checking that fragments nest no deeper than it can recurse, so
    the recursion below is bounded; fragment cycles are reported by graphql-core's own rule and
    count as empty here."""

    class QueryLimits(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.fragments = {
                d.name.value: d
                for d in context.document.definitions
                if isinstance(d, FragmentDefinitionNode)
            }
            self.sizes: dict[str, _Size] = {}
            self.expanding: set[str] = set()

        def enter_operation_definition(
            self, node: OperationDefinitionNode, *_args: Any
        ) -> VisitorAction:
            name = node.name.value if node.name else "anonymous"
            size = self.size_of(node.selection_set)
            max_depth, max_aliases = settings.max_query_depth, settings.max_aliases
            if size.depth > max_depth:
                self.refuse(
                    node,
                    _(
                        "'{name}' exceeds maximum operation depth of {depth}",
                        name=name,
                        depth=max_depth,
                    ),
                )
            if size.aliases > max_aliases:
                self.refuse(
                    node, _("'{name}' uses more than {max} aliases", name=name, max=max_aliases)
                )
            if size.fields > settings.max_expanded_fields:
                self.refuse(
                    node,
                    _(
                        "'{name}' asks for more than {max} fields once its fragments are expanded",
                        name=name,
                        max=settings.max_expanded_fields,
                    ),
                )
            return SKIP

        def refuse(self, node: OperationDefinitionNode, message: str) -> None:
            self.report_error(GraphQLError(message, node))

        def size_of(self, selection_set: SelectionSetNode | None) -> _Size:
            total = _Size()
            for selection in selection_set.selections if selection_set else ():
                if isinstance(selection, FieldNode):
                    total += self.field_size(selection)
                elif isinstance(selection, FragmentSpreadNode):
                    total += self.fragment_size(selection.name.value)
                elif isinstance(selection, InlineFragmentNode):
                    total += self.size_of(selection.selection_set)
            return total

        def field_size(self, field: FieldNode) -> _Size:
            inner = self.size_of(field.selection_set)
            nests = field.selection_set is not None and not field.name.value.startswith("__")
            return _Size(
                fields=1 + inner.fields,
                aliases=(field.alias is not None) + inner.aliases,
                depth=1 + inner.depth if nests else 0,
            )

        def fragment_size(self, name: str) -> _Size:
            if name in self.sizes:
                return self.sizes[name]
            fragment = self.fragments.get(name)
            if fragment is None or name in self.expanding:
                return _Size()
            self.expanding.add(name)
            self.sizes[name] = self.size_of(fragment.selection_set)
            self.expanding.discard(name)
            return self.sizes[name]

    return QueryLimits


def _small(extension: SchemaExtension) -> bool:
    return len(extension.execution_context.query or "") <= MAX_CACHED_QUERY_LENGTH


class _ParserCache(ParserCache):
    """strawberry's parser cache for small documents only. A syntax error is left for
    strawberry's own parse step to report, where ``ErrorCodes`` can label it
    GRAPHQL_PARSE_FAILED."""

    def on_parse(self) -> Iterator[None]:
        if not _small(self):
            yield
            return
        try:
            yield from super().on_parse()
        except GraphQLError:
            yield


def parse_cached(query: str, max_tokens: int) -> DocumentNode:
    """``query`` parsed through the parser cache, under the key an operation's text gets there
    (``MaxTokensLimiter`` sets its ``max_tokens``): a text and the operation sending it later
    share one document, so the validation cache, keyed on the document, finds it by identity
    instead of comparing two trees (0.3 ms a request for a document of 2 KB)."""
    document: DocumentNode = _ParserCache(maxsize=CACHE_SIZE).cached_parse_document(
        query, max_tokens=max_tokens
    )
    return document


class _ValidationCache(ValidationCache):
    """strawberry's validation cache for small documents only; strawberry validates the others
    itself, uncached."""

    def on_validate(self) -> Iterator[None]:
        if _small(self):
            yield from super().on_validate()
        else:
            yield


SUGGESTION = re.compile(r" Did you mean .+\?$")


class NoSuggestions(SchemaExtension):
    """Drops graphql-core's "Did you mean ...?" from validation errors: in production a
    stranger probing the schema learns no field names the refused query did not name."""

    def on_validate(self) -> Iterator[None]:
        yield
        for error in self.execution_context.pre_execution_errors or ():
            error.message = SUGGESTION.sub("", error.message)


def query_limits(settings: Settings) -> list[Callable[[], SchemaExtension]]:
    """The schema extensions that bound what one document may cost, in the order they act.

    The limits rule is one class per language: the validation cache keys on the rules, so a
    refusal cached in one reader's language is never served to a reader of another. In
    production introspection is refused (graphql-core's rule) and suggestions are dropped. The
    cost limit acts last, once the variables are known (``core.graphql.cost``)."""
    rules = {language: query_limits_rule(settings) for language in Language}
    hidden: list[type[ASTValidationRule]] = (
        [NoSchemaIntrospectionCustomRule] if settings.production else []
    )
    extensions: list[Callable[[], SchemaExtension]] = [
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: AddValidationRules([rules[current_language()], *hidden]),
        lambda: _ParserCache(maxsize=CACHE_SIZE),
        lambda: _ValidationCache(maxsize=CACHE_SIZE),
        lambda: CostLimit(limit=settings.max_query_cost, max_page_size=settings.max_page_size),
    ]
    return [*extensions, NoSuggestions] if settings.production else extensions
