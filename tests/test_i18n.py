"""English and French: every sentence has its French, the reader's language is chosen as
documented (core.i18n.negotiation), and a rule code never changes with the language."""

from __future__ import annotations

import pickle
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from core.i18n import (
    Catalog,
    Declared,
    Language,
    Text,
    _,
    catalogs,
    date_text,
    number_text,
    speaking,
)
from core.i18n.negotiation import accepted, negotiate
from tests.graphql_client import GraphQLClient

Clients = Callable[[int | str | None], GraphQLClient]
PACKAGES = [
    "core",
    "plugins.psp_sgls",
    "plugins.cpso_qi_groups",
    "plugins.ocfp_practising_well",
    "plugins.learning_collaborative",
]
SET_LANGUAGE = """
mutation($input: SetLanguageInput!) {
  setLanguage(input: $input) { person { language } errors { code message } }
}"""


@pytest.mark.parametrize("package", PACKAGES)
def test_every_sentence_has_its_french(package: str) -> None:
    gaps = [str(gap) for gap in catalogs.check(package)]
    assert not gaps, "\n".join(gaps)


def _package(root: Path, source: str, po: str | None) -> str:
    """A package on ``sys.path`` saying ``source``, with ``po`` as its French catalog; named
    afresh each time, as a package once imported stays in ``sys.modules``."""
    name = f"speaker_{uuid.uuid4().hex}"
    package = root / name
    package.mkdir()
    (package / "__init__.py").write_text(source)
    if po is not None:
        directory = package / "locale" / "fr" / "LC_MESSAGES"
        directory.mkdir(parents=True)
        (directory / "messages.po").write_text(
            'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n' + po
        )
    return name


@pytest.mark.parametrize(
    ("po", "problem"),
    [
        (None, "not in the catalog"),
        ('msgid "Hello {name}."\nmsgstr ""\n', "not translated"),
        ('#, fuzzy\nmsgid "Hello {name}."\nmsgstr "Bonjour {name}."\n', "fuzzy"),
        ('msgid "Hello {name}."\nmsgstr "Bonjour."\n', "placeholders differ"),
        (
            'msgid "Hello {name}."\nmsgstr "Bonjour {name}."\n\nmsgid "Gone."\nmsgstr "Parti."\n',
            "no longer said",
        ),
    ],
)
def test_a_sentence_without_its_french_is_a_gap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, po: str | None, problem: str
) -> None:
    source = 'from core.i18n import Catalog\n_ = Catalog.of(__name__)\n_("Hello {name}.", name=1)\n'
    monkeypatch.syspath_prepend(str(tmp_path))
    package = _package(tmp_path, source, po)

    (gap,) = catalogs.check(package)

    assert problem in gap.problem


def test_update_adds_new_sentences_and_keeps_translations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = 'from core.i18n import _\n_("Kept.")\n_("New.")\n'
    monkeypatch.syspath_prepend(str(tmp_path))
    package = _package(tmp_path, source, 'msgid "Kept."\nmsgstr "Gardé."\n')

    catalogs.update(package)

    gaps = {(gap.msgid, gap.problem) for gap in catalogs.check(package)}
    assert gaps == {("New.", "not translated")}


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("fr-CA,fr;q=0.9,en;q=0.8", Language.FR),
        ("en-US,en;q=0.9,fr;q=0.5", Language.EN),
        ("de-DE, fr;q=0.1", Language.FR),
        ("en;q=0.5, fr;q=0.5", Language.EN),
        ("FR", Language.FR),
        ("fr;q=0, en;q=0.1", Language.EN),
        ("de", None),
        ("*", None),
        ("fr;q=abc", None),
        ("", None),
        (None, None),
    ],
)
def test_accept_language_picks_the_best_language_spoken_here(
    header: str | None, expected: Language | None
) -> None:
    assert accepted(header) == expected


def test_a_persons_choice_comes_before_accept_language() -> None:
    assert negotiate(Language.EN, "fr") == Language.EN
    assert negotiate(None, "fr-CA") == Language.FR
    assert negotiate(None, None) == Language.EN


def test_a_text_says_itself_again_in_another_language() -> None:
    with speaking(Language.FR):
        said = _("No such object.")
    assert said == "Cet objet n’existe pas."
    assert said.in_language(Language.EN) == "No such object."
    assert isinstance(said, Text)
    assert pickle.loads(pickle.dumps(said)) == said


def test_plural_forms_follow_french_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    po = (
        'msgid "{n} seat"\nmsgid_plural "{n} seats"\n'
        'msgstr[0] "{n} place"\nmsgstr[1] "{n} places"\n'
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    catalog = Catalog.of(_package(tmp_path, "", po))

    with speaking(Language.FR):
        said = [catalog.plural("{n} seat", "{n} seats", n, n=n) for n in (0, 1, 2)]
    with speaking(Language.EN):
        said += [catalog.plural("{n} seat", "{n} seats", n, n=n) for n in (0, 1)]

    assert said == ["0 place", "1 place", "2 places", "0 seats", "1 seat"]


def test_dates_and_numbers_are_written_the_readers_way() -> None:
    from datetime import date
    from decimal import Decimal

    day = date(2026, 12, 3)
    assert (date_text(day, Language.EN), date_text(day, Language.FR)) == (
        "December 3, 2026",
        "3 décembre 2026",
    )
    assert (number_text(Decimal("1.5"), Language.EN), number_text(Decimal("1.5"), Language.FR)) == (
        "1.5",
        "1,5",
    )


def _speaking(client: GraphQLClient, accept_language: str) -> GraphQLClient:
    return GraphQLClient(client.http, {**client.headers, "Accept-Language": accept_language})


async def test_an_error_keeps_its_code_and_is_worded_in_the_requested_language(
    client_for: Clients,
) -> None:
    anonymous = client_for(None)
    document = "mutation { setLanguage(input: {language: FR}) { errors { code } } }"
    english = (await anonymous.execute(document))["errors"][0]
    french = (await _speaking(anonymous, "fr-CA,fr;q=0.9").execute(document))["errors"][0]

    assert english["extensions"]["code"] == french["extensions"]["code"] == "UNAUTHENTICATED"
    assert (english["message"], french["message"]) == (
        "Sign in to do this.",
        "Connectez-vous pour faire ceci.",
    )


async def test_a_response_names_its_language(client_for: Clients) -> None:
    response = await client_for(None).http.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"Accept-Language": "fr"}
    )

    assert response.headers["content-language"] == "fr"
    assert "Accept-Language" in response.headers["vary"]


@pytest.mark.parametrize(
    ("chosen", "accept_language", "answered"),
    [("FR", None, "fr"), ("EN", "fr", "en"), (None, "fr", "fr"), (None, None, "en")],
)
async def test_a_persons_language_is_theirs_to_choose(
    client_for: Clients,
    make: object,
    chosen: str | None,
    accept_language: str | None,
    answered: str,
) -> None:
    person = await make.person()  # type: ignore[attr-defined]
    client = client_for(person)
    payload = await client.payload(SET_LANGUAGE, language=chosen)
    assert payload == {"person": {"language": chosen}, "errors": []}

    headers = {
        **client.headers,
        **({"Accept-Language": accept_language} if accept_language else {}),
    }
    response = await client.http.post("/graphql", json={"query": "{ __typename }"}, headers=headers)

    assert response.headers["content-language"] == answered


def test_a_declared_word_is_said_in_the_sentences_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kind's title reads in French inside a French sentence, also when the sentence is
    said again for a reader of another language; as data it stays the English declared."""
    po = (
        'msgid "A {title} is full."\nmsgstr "Le {title} est complet."\n\n'
        'msgid "Circle"\nmsgstr "Cercle"\n'
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    catalog = Catalog.of(_package(tmp_path, "", po))
    title = Declared("Circle", catalog)

    english = catalog("A {title} is full.", title=title.lower())
    with speaking(Language.FR):
        french = catalog("A {title} is full.", title=title.lower())

    assert (english, french) == ("A circle is full.", "Le cercle est complet.")
    assert english.in_language(Language.FR) == "Le cercle est complet."
    assert title == "Circle"
    assert pickle.loads(pickle.dumps(title)) == "Circle"


async def test_a_programs_declared_words_are_read_in_the_readers_language(
    client_for: Clients,
) -> None:
    """Each enabled program's description and settings come in French to a French reader
    (from the program's own catalog) and in English to others."""
    document = "{ programs { slug description settings { name description } } }"

    def words(data: dict[str, Any]) -> dict[tuple[str, str], str]:
        found = {}
        for program in data["programs"]:
            found[(program["slug"], "")] = program["description"]
            for setting in program["settings"]:
                found[(program["slug"], setting["name"])] = setting["description"]
        return found

    english = words(await client_for(None).data(document))
    french = words(await _speaking(client_for(None), "fr").data(document))

    assert english.keys() == french.keys()
    assert [key for key in english if english[key] == french[key]] == []
