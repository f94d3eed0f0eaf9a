"""Process-wide settings: the README documents exactly what ``Settings`` reads, ``.env`` is
read by ``from_env`` only, and a bad value names its variable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.settings import ENV_PREFIX, Settings, SettingsError

README = Path(__file__).resolve().parents[1] / "README.md"
ROW = re.compile(r"^\| `(PEERLEARN_[A-Z_]+)` \| ([^|]+) \|")
NOT_SETTINGS = {"PEERLEARN_TEST_POSTGRES_URL"}  # read by tests/conftest.py, not by the server


def _documented() -> dict[str, str]:
    rows = (ROW.match(line) for line in README.read_text(encoding="utf-8").splitlines())
    return {m[1]: m[2].strip() for m in rows if m and m[1] not in NOT_SETTINGS}


def _variables() -> dict[str, object]:
    return {
        ENV_PREFIX + name.upper(): field.default
        for name, field in Settings.model_fields.items()
        if name != "environ"
    }


def _literal(default: object) -> str:
    return f"`{str(default).lower() if isinstance(default, bool) else default}`"


def test_readme_configuration_table_lists_exactly_the_settings() -> None:
    assert sorted(_documented()) == sorted(_variables())


@pytest.mark.parametrize(
    ("variable", "default"),
    [(v, d) for v, d in _variables().items() if d is not None],
)
def test_readme_gives_each_setting_its_default(variable: str, default: object) -> None:
    assert _documented()[variable].startswith(_literal(default))


def test_dotenv_is_read_under_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text(
        "PEERLEARN_MAX_PAGE_SIZE=40\nPEERLEARN_MAX_QUERY_DEPTH=9\nPEERLEARN_EX__CAP=3\n"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PEERLEARN_MAX_QUERY_DEPTH", "7")

    settings = Settings.from_env()

    assert (settings.max_page_size, settings.max_query_depth) == (40, 7)
    assert settings.environ is not None
    assert settings.environ["PEERLEARN_EX__CAP"] == "3"


def test_keyword_construction_reads_neither_environment_nor_dotenv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text("PEERLEARN_MAX_PAGE_SIZE=40\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PEERLEARN_MAX_QUERY_DEPTH", "7")

    settings = Settings(programs=())

    assert (settings.max_page_size, settings.max_query_depth) == (100, 12)


def test_an_empty_variable_means_the_default() -> None:
    assert Settings.from_env({"PEERLEARN_MAX_PAGE_SIZE": ""}).max_page_size == 100


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"PEERLEARN_DB_POOL_SIZE": "0"}, "PEERLEARN_DB_POOL_SIZE must be at least 1, not 0"),
        ({"PEERLEARN_GRAPHIQL": "maybe"}, "PEERLEARN_GRAPHIQL must be true or false"),
        ({"PEERLEARN_TOKEN_SECRET": "short"}, "PEERLEARN_TOKEN_SECRET must be at least 32"),
        ({"PEERLEARN_OIDC_ISSUER": "https://id"}, "are set together or not at all"),
        (
            {"PEERLEARN_SMTP_HOST": "mail.example.org"},
            "PEERLEARN_SMTP_FROM is needed once PEERLEARN_SMTP_HOST is set",
        ),
        (
            {"PEERLEARN_SMTP_USERNAME": "peerlearn"},
            "PEERLEARN_SMTP_USERNAME and PEERLEARN_SMTP_PASSWORD are set together",
        ),
        ({"PEERLEARN_SMTP_SECURITY": "ssl"}, "PEERLEARN_SMTP_SECURITY must be 'starttls'"),
    ],
)
def test_a_bad_value_is_refused_naming_its_variable(environ: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=re.escape(message)):
        Settings.from_env(environ)


def test_a_refused_secret_is_not_repeated() -> None:
    with pytest.raises(SettingsError) as refused:
        Settings.from_env({"PEERLEARN_TOKEN_SECRET": "hunter2-not-long-enough"})

    assert "hunter2" not in str(refused.value)


def test_the_smtp_password_is_never_shown() -> None:
    settings = Settings.from_env(
        {
            "PEERLEARN_SMTP_HOST": "mail.example.org",
            "PEERLEARN_SMTP_FROM": "peerlearn@example.org",
            "PEERLEARN_SMTP_USERNAME": "peerlearn",
            "PEERLEARN_SMTP_PASSWORD": "hunter2-mail",
        }
    )

    assert (settings.email_enabled, settings.smtp_password) == (True, "hunter2-mail")
    assert "hunter2" not in repr(settings)
