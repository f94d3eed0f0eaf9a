"""Settings from ``PEERLEARN_*`` environment variables (and a ``.env`` file): one place,
validated once at startup, a refusal naming the variable and what it accepts.

Program settings are declared by each program (``register_settings``) and read from
``PEERLEARN_<SLUG>__<NAME>``, so a deploying organization changes a rate or a cap without code.
They stay a small hand-written resolver rather than pydantic models: their names, types and
bounds are only known once the programs are loaded, and each value is still validated by
pydantic, with the same messages as the process-wide settings.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from dotenv import dotenv_values
from pydantic import (
    Field,
    FilePath,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticUseDefault
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)
from pydantic_settings.sources.utils import parse_env_vars

ENV_PREFIX = "PEERLEARN_"
ENV_FILE = Path(".env")
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./peerlearn.db"
ALL_PROGRAMS = "*"
MIN_SECRET_LENGTH = 32
SettingType = type[int] | type[Decimal] | type[str] | type[bool]
MIN_BODY_BYTES = 1024  # smaller would refuse ordinary queries
MAX_BODY_BYTES = 64 * 1024 * 1024  # larger would let a few requests exhaust a worker's memory
OTLP_ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT"
# A credit must stay provable for its whole CPD cycle (Mainpro+ and MOC both run five years).
MIN_RETENTION_DAYS = 1826
MAX_RETENTION_DAYS = 36525
PositiveInt = Annotated[int, Field(ge=1)]
PositiveFloat = Annotated[float, Field(gt=0)]


class SettingsError(ValueError):
    """A setting could not be read; the message names the variable and what it accepts."""


_EXPECTED = {
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "int_type": "a whole number",
    "bool_parsing": "true or false",
    "bool_type": "true or false",
    "decimal_parsing": "a decimal number",
    "decimal_type": "a decimal number",
    "float_parsing": "a number",
    "float_type": "a number",
}


def _explain(error: ValidationError, variable: str | None = None) -> str:
    """One readable sentence per problem, naming the variable; a secret's value is never
    repeated (parsing problems are about other types, bounds are checked after parsing)."""
    sentences = []
    for problem in error.errors():
        name = variable or (ENV_PREFIX + str(problem["loc"][0]).upper() if problem["loc"] else "")
        kind, ctx, value = problem["type"], problem.get("ctx") or {}, problem.get("input")
        if kind in _EXPECTED:
            sentences.append(f"{name} must be {_EXPECTED[kind]}, not {value!r}")
        elif kind == "literal_error":
            sentences.append(f"{name} must be {ctx['expected']}, not {value!r}")
        elif kind == "greater_than_equal":
            sentences.append(f"{name} must be at least {ctx['ge']}, not {value}")
        elif kind == "greater_than":
            sentences.append(f"{name} must be more than {ctx['gt']:g}, not {value}")
        elif kind == "value_error":
            sentences.append(f"{name} {ctx['error']}".strip())
        else:
            sentences.append(f"{name}: {problem['msg']}")
    return "; ".join(sentences)


class _Environment(EnvSettingsSource):
    """The ``PEERLEARN_*`` variables of a given mapping rather than of ``os.environ``, so that
    ``Settings.from_env(mapping)`` reads exactly that mapping."""

    def __init__(self, settings_cls: type[BaseSettings], environ: Mapping[str, str]) -> None:
        self._environ = environ
        super().__init__(settings_cls)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        return parse_env_vars(self._environ, self.case_sensitive)


class Settings(BaseSettings):
    """Process-wide settings; see the configuration table in README.md.

    ``Settings(...)`` holds exactly the values given (tests build it so, whatever the
    environment); ``Settings.from_env()`` reads the environment and ``.env``."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, frozen=True, extra="ignore", validate_default=False
    )

    database_url: str = DEFAULT_DATABASE_URL
    programs: Annotated[tuple[str, ...] | None, NoDecode] = None
    mode: Literal["development", "production"] = "development"
    graphiql: bool | None = None
    max_query_depth: PositiveInt = 12
    max_page_size: PositiveInt = 100
    max_aliases: PositiveInt = 50
    max_tokens: PositiveInt = 20_000
    max_expanded_fields: PositiveInt = 10_000
    max_query_cost: PositiveInt = 500_000
    max_execution_seconds: PositiveFloat = 10.0
    db_pool_size: PositiveInt = 10
    sqlite_busy_timeout_ms: PositiveInt = 30_000
    db_lock_timeout_ms: PositiveInt = 30_000
    viewer_cache_seconds: Annotated[float, Field(ge=0)] = 5.0
    max_body_bytes: int = 1024 * 1024
    idempotency_key_hours: PositiveInt = 24
    max_batch_operations: Annotated[int, Field(ge=0)] = 0
    persisted_queries: bool = True
    token_secret: str | None = Field(default=None, repr=False)
    oidc_issuer: str | None = None
    oidc_audience: str | None = None
    oidc_jwks_url: str | None = None
    tasks_in_process: bool | None = None
    task_interval_seconds: PositiveInt = 60
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["json", "text"] = "json"
    metrics: bool = True
    metrics_token: str | None = Field(default=None, repr=False)
    otel_enabled: bool = False
    smtp_host: str | None = None
    smtp_port: PositiveInt = 587
    smtp_security: Literal["starttls", "tls", "none"] = "starttls"
    smtp_username: str | None = None
    smtp_password: str | None = Field(default=None, repr=False)
    smtp_from: str | None = None
    smtp_timeout_seconds: PositiveInt = 30
    smtp_ca_file: FilePath | None = None
    email_batch_size: PositiveInt = 50
    email_max_attempts: PositiveInt = 5
    attendance_retention_days: int = 2192
    environ: Mapping[str, str] | None = Field(default=None, repr=False)

    def __init__(self, **values: Any) -> None:
        try:
            super().__init__(**values)
        except ValidationError as error:
            raise SettingsError(_explain(error)) from None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings,)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """``environ`` if given, else the process environment over the ``PEERLEARN_*``
        variables of ``./.env``. The whole mapping is kept for program settings
        (``PEERLEARN_<SLUG>__<NAME>``)."""
        if environ is None:
            file = dotenv_values(ENV_FILE)
            ours = {k: v for k, v in file.items() if k.startswith(ENV_PREFIX) and v is not None}
            environ = {**ours, **os.environ}
        values = _Environment(cls, environ)()
        values.pop("environ", None)
        return cls(**values, environ=dict(environ))

    def replace(self, **changes: object) -> Settings:
        """A copy with ``changes``, validated as a new one is."""
        return type(self)(**{**dict(self), **changes})

    @property
    def production(self) -> bool:
        """Production answers strangers on the open internet: no GraphiQL, no introspection,
        no field suggestions (each tells a prober what to try); development shows them all."""
        return self.mode == "production"

    @property
    def serves_graphiql(self) -> bool:
        """GraphiQL as asked for, else in development only."""
        return self.graphiql if self.graphiql is not None else not self.production

    @property
    def runs_tasks_in_process(self) -> bool:
        """Whether ``serve`` runs the tasks itself: by default on SQLite, where there is no
        worker; on PostgreSQL ``peerlearn worker`` does."""
        if self.tasks_in_process is not None:
            return self.tasks_in_process
        return self.database_url.startswith("sqlite")

    @property
    def tracing(self) -> bool:
        """Whether spans are exported: asked for, or an OTLP endpoint set the standard way."""
        return self.otel_enabled or bool((self.environ or {}).get(OTLP_ENDPOINT))

    @property
    def email_enabled(self) -> bool:
        """Whether notifications are emailed: only once a mail server is named."""
        return self.smtp_host is not None

    @field_validator("*", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object, info: Any) -> object:
        """An empty variable means the default, except PROGRAMS, where it means core only."""
        if value == "" and info.field_name != "programs":
            raise PydanticUseDefault
        return value

    @field_validator("programs", mode="before")
    @classmethod
    def _program_list(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        if value.strip() == ALL_PROGRAMS:
            return None
        return tuple(p.strip() for p in value.split(",") if p.strip())

    @field_validator("log_level", mode="before")
    @classmethod
    def _level_name(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("token_secret")
    @classmethod
    def _long_secret(cls, value: str | None) -> str | None:
        if value is not None and len(value) < MIN_SECRET_LENGTH:
            raise ValueError(f"must be at least {MIN_SECRET_LENGTH} characters")
        return value

    @field_validator("attendance_retention_days")
    @classmethod
    def _retention_bounds(cls, value: int) -> int:
        if value != 0 and not MIN_RETENTION_DAYS <= value <= MAX_RETENTION_DAYS:
            raise ValueError(
                f"must be 0 (keep forever) or {MIN_RETENTION_DAYS} to {MAX_RETENTION_DAYS} days "
                f"(five to a hundred years), not {value}"
            )
        return value

    @field_validator("max_body_bytes")
    @classmethod
    def _body_bounds(cls, value: int) -> int:
        if not MIN_BODY_BYTES <= value <= MAX_BODY_BYTES:
            raise ValueError(f"must be between {MIN_BODY_BYTES} and {MAX_BODY_BYTES}, not {value}")
        return value

    @model_validator(mode="after")
    def _oidc_together(self) -> Settings:
        oidc = (self.oidc_issuer, self.oidc_audience, self.oidc_jwks_url)
        if any(oidc) and not all(oidc):
            raise ValueError(
                f"{ENV_PREFIX}OIDC_ISSUER, {ENV_PREFIX}OIDC_AUDIENCE and {ENV_PREFIX}OIDC_JWKS_URL "
                "are set together or not at all"
            )
        return self

    @model_validator(mode="after")
    def _smtp_complete(self) -> Settings:
        if self.smtp_host is not None and not self.smtp_from:
            raise ValueError(f"{ENV_PREFIX}SMTP_FROM is needed once {ENV_PREFIX}SMTP_HOST is set")
        if (self.smtp_username is None) != (self.smtp_password is None):
            raise ValueError(
                f"{ENV_PREFIX}SMTP_USERNAME and {ENV_PREFIX}SMTP_PASSWORD are set together or "
                "not at all"
            )
        return self


@dataclass(frozen=True)
class ProgramSetting:
    """A value a deploying organization may change, read from ``PEERLEARN_<SLUG>__<NAME>``."""

    name: str
    default: int | Decimal | str | bool
    description: str
    minimum: int | Decimal | None = None
    maximum: int | Decimal | None = None

    @property
    def type(self) -> SettingType:
        return type(self.default)


class ProgramSettings(Mapping[str, object]):
    """One program's resolved settings: declared defaults overridden by the environment."""

    def __init__(self, slug: str, values: Mapping[str, object]) -> None:
        self.slug = slug
        self._values = dict(values)

    def __getitem__(self, name: str) -> object:
        try:
            return self._values[name]
        except KeyError:
            raise KeyError(f"program {self.slug!r} declares no setting {name!r}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def decimal(self, name: str) -> Decimal:
        return Decimal(str(self[name]))

    def integer(self, name: str) -> int:
        return int(self[name])  # type: ignore[call-overload]

    @classmethod
    def resolve(
        cls, slug: str, declared: list[ProgramSetting], environ: Mapping[str, str]
    ) -> ProgramSettings:
        values: dict[str, object] = {}
        for setting in declared:
            variable = env_name(slug, setting.name)
            raw = environ.get(variable)
            value = setting.default if raw in (None, "") else _parse(variable, setting, raw)
            _check_bounds(variable, setting, value)
            values[setting.name] = value
        return cls(slug, values)


def env_name(slug: str, setting: str) -> str:
    return f"{ENV_PREFIX}{slug.upper()}__{setting.upper()}"


def _parse(variable: str, setting: ProgramSetting, raw: str) -> object:
    try:
        return TypeAdapter(setting.type).validate_python(raw)
    except ValidationError as error:
        raise SettingsError(_explain(error, variable)) from None


def _check_bounds(variable: str, setting: ProgramSetting, value: object) -> None:
    if setting.minimum is not None and value < setting.minimum:  # type: ignore[operator]
        raise SettingsError(f"{variable} must be at least {setting.minimum}, not {value}")
    if setting.maximum is not None and value > setting.maximum:  # type: ignore[operator]
        raise SettingsError(f"{variable} must be at most {setting.maximum}, not {value}")
