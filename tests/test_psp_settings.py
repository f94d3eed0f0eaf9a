"""SGLS-CAPACITY's cap is a setting never above 12: 13 stops startup naming the variable, a
smaller cap bounds what a coordinator may schedule."""

from __future__ import annotations

import pytest

from core.errors import RuleViolation
from core.plugin_host import load_registry
from core.settings import Settings, SettingsError
from plugins.psp_sgls.sessions.service import require_capacity

VARIABLE = "PEERLEARN_PSP_SGLS__CAPACITY"
SECRET = "psp-settings-secret-" + "s" * 32


def _settings(**environ: str) -> Settings:
    return Settings(
        database_url="sqlite+aiosqlite:///:memory:",
        programs=("psp_sgls",),
        token_secret=SECRET,
        environ=environ,
    )


def test_sgls_capacity_setting_above_12_stops_startup() -> None:
    with pytest.raises(SettingsError, match=VARIABLE):
        load_registry(_settings(**{VARIABLE: "13"}))


def test_sgls_capacity_setting_lowers_the_cap() -> None:
    registry = load_registry(_settings(**{VARIABLE: "10"}))
    assert require_capacity(registry, None) == 10
    with pytest.raises(RuleViolation) as refused:
        require_capacity(registry, 11)
    (reason,) = refused.value.reasons
    assert reason.code == "SGLS-CAPACITY"
    assert "1 to 10" in reason.message
