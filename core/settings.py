"""Settings from ``PEERLEARN_*`` environment variables: one place, parsed once at startup.

Program settings are declared by each program (``register_settings``) and read from
``PEERLEARN_<SLUG>__<NAME>``, so a deploying organization changes a rate or a cap without code.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

ENV_PREFIX = "PEERLEARN_"
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./peerlearn.db"
ALL_PROGRAMS = "*"
MIN_SECRET_LENGTH = 32
SettingType = type[int] | type[Decimal] | type[str] | type[bool]
MIN_BODY_BYTES = 1024  # smaller would refuse ordinary queries
MAX_BODY_BYTES = 64 * 1024 * 1024  # larger would let a few requests exhaust a worker's memory


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


class SettingsError(ValueError):
    """A setting could not be read; the message names the variable and what it accepts."""


def _flag(name: str, raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name} must be true or false, not {raw!r}")


def _positive_int(name: str, raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, not {raw!r}") from None
    if value < 1:
        raise SettingsError(f"{name} must be at least 1, not {value}")
    return value


@dataclass(frozen=True)
class Settings:
    """Process-wide settings; see the configuration table in README.md."""

    database_url: str = DEFAULT_DATABASE_URL
    programs: tuple[str, ...] | None = None
    graphiql: bool = True
    max_query_depth: int = 12
    max_page_size: int = 100
    db_pool_size: int = 10
    sqlite_busy_timeout_ms: int = 30_000
    max_body_bytes: int = 1024 * 1024
    token_secret: str | None = field(default=None, repr=False)
    oidc_issuer: str | None = None
    oidc_audience: str | None = None
    oidc_jwks_url: str | None = None
    tasks_in_process: bool | None = None
    task_interval_seconds: int = 60
    environ: Mapping[str, str] | None = field(default=None, repr=False)

    @property
    def runs_tasks_in_process(self) -> bool:
        """Whether ``serve`` runs the tasks itself: by default on SQLite, where there is no
        worker; on PostgreSQL ``peerlearn worker`` does."""
        if self.tasks_in_process is not None:
            return self.tasks_in_process
        return self.database_url.startswith("sqlite")

    def __post_init__(self) -> None:
        if self.token_secret is not None and len(self.token_secret) < MIN_SECRET_LENGTH:
            raise SettingsError(
                f"{ENV_PREFIX}TOKEN_SECRET must be at least {MIN_SECRET_LENGTH} characters"
            )
        oidc = (self.oidc_issuer, self.oidc_audience, self.oidc_jwks_url)
        if any(oidc) and not all(oidc):
            raise SettingsError(
                f"{ENV_PREFIX}OIDC_ISSUER, {ENV_PREFIX}OIDC_AUDIENCE and {ENV_PREFIX}OIDC_JWKS_URL "
                "are set together or not at all"
            )
        if not MIN_BODY_BYTES <= self.max_body_bytes <= MAX_BODY_BYTES:
            raise SettingsError(
                f"{ENV_PREFIX}MAX_BODY_BYTES must be between {MIN_BODY_BYTES} and "
                f"{MAX_BODY_BYTES}, not {self.max_body_bytes}"
            )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ

        def get(name: str) -> str | None:
            value = env.get(ENV_PREFIX + name)
            return value if value not in (None, "") else None

        programs_raw = env.get(ENV_PREFIX + "PROGRAMS")
        programs: tuple[str, ...] | None
        if programs_raw is None or programs_raw.strip() == ALL_PROGRAMS:
            programs = None
        else:
            programs = tuple(p.strip() for p in programs_raw.split(",") if p.strip())

        kwargs: dict[str, object] = {"programs": programs, "environ": dict(env)}
        if (url := get("DATABASE_URL")) is not None:
            kwargs["database_url"] = url
        if (raw := get("GRAPHIQL")) is not None:
            kwargs["graphiql"] = _flag(ENV_PREFIX + "GRAPHIQL", raw)
        if (raw := get("TASKS_IN_PROCESS")) is not None:
            kwargs["tasks_in_process"] = _flag(ENV_PREFIX + "TASKS_IN_PROCESS", raw)
        for name in (
            "max_query_depth",
            "max_page_size",
            "db_pool_size",
            "sqlite_busy_timeout_ms",
            "max_body_bytes",
            "task_interval_seconds",
        ):
            if (raw := get(name.upper())) is not None:
                kwargs[name] = _positive_int(ENV_PREFIX + name.upper(), raw)
        for name in ("token_secret", "oidc_issuer", "oidc_audience", "oidc_jwks_url"):
            kwargs[name] = get(name.upper())
        return cls(**kwargs)  # type: ignore[arg-type]


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
    kind = setting.type
    if kind is bool:
        return _flag(variable, raw)
    if kind is int:
        try:
            return int(raw)
        except ValueError:
            raise SettingsError(f"{variable} must be a whole number, not {raw!r}") from None
    if kind is Decimal:
        try:
            return Decimal(raw)
        except InvalidOperation:
            raise SettingsError(f"{variable} must be a decimal number, not {raw!r}") from None
    return raw


def _check_bounds(variable: str, setting: ProgramSetting, value: object) -> None:
    if setting.minimum is not None and value < setting.minimum:  # type: ignore[operator]
        raise SettingsError(f"{variable} must be at least {setting.minimum}, not {value}")
    if setting.maximum is not None and value > setting.maximum:  # type: ignore[operator]
        raise SettingsError(f"{variable} must be at most {setting.maximum}, not {value}")
