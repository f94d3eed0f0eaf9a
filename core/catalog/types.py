"""GraphQL types of what this server runs: its programs, and the verdicts of their rules."""

from __future__ import annotations

import strawberry

from core.eligibility import Decision as DecisionValue
from core.registry import Program as Declared


@strawberry.type(description="One rule's verdict: its rule ID and a readable reason.")
class Reason:
    code: str
    message: str
    allowed: bool
    field: str | None


@strawberry.type(description="Whether an action is allowed, with every rule's reason.")
class Decision:
    allowed: bool
    reasons: list[Reason]

    @classmethod
    def from_value(cls, value: DecisionValue) -> Decision:
        return cls(
            allowed=value.allowed,
            reasons=[
                Reason(code=r.code, message=r.message, allowed=r.allowed, field=r.field)
                for r in value.reasons
            ],
        )


@strawberry.type(description="A setting of a program and the value in force.")
class ProgramSettingValue:
    name: str
    value: str
    default: str
    description: str


@strawberry.type(description="An enabled program and what it declares.")
class Program:
    slug: str
    title: str
    version: str
    organization_kind: str
    description: str
    activity_kinds: list[str]
    group_kinds: list[str]
    rules: list[str] = strawberry.field(description="Rule IDs its eligibility rules enforce.")
    settings: list[ProgramSettingValue]

    @classmethod
    def from_declared(cls, program: Declared) -> Program:
        return cls(
            slug=program.slug,
            title=program.info.title,
            version=program.info.version,
            organization_kind=program.info.organization_kind,
            description=program.say(program.info.description),
            activity_kinds=[k.name for k in program.activity_kinds],
            group_kinds=[k.name for k in program.group_kinds],
            rules=sorted({r.code for r in program.eligibility_rules}),
            settings=[
                ProgramSettingValue(
                    name=s.name,
                    value=str(program.settings[s.name]),
                    default=str(s.default),
                    description=program.say(s.description),
                )
                for s in program.setting_specs
            ],
        )
