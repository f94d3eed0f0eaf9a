"""The contract every program plugin must pass. A program's own test suite subclasses it::

    from core.testing import ProgramContract

    class TestMyProgram(ProgramContract):
        slug = "my_program"

The program must be installed (``pip install -e .``) so its entry point exists, and the async
checks need pytest-asyncio with ``asyncio_mode = "auto"`` in the program's pytest settings.
Each check runs on a fresh SQLite database migrated with core and this program only.

A program keeping anything about a person overrides :meth:`ProgramContract.personal_data`: it
seeds a record of the world's owner through the program's API and names the operations that
read and change it; the kit proves strangers can do neither (:mod:`core.testing.access_checks`).
"""

from __future__ import annotations

import inspect
import json
import uuid
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from typing import ClassVar

import pytest
from croniter import croniter
from sqlalchemy import inspect as inspect_schema
from sqlalchemy import select

from core import hookspecs
from core.access import Grant, Viewer
from core.credits.certifications import CATEGORIES
from core.credits.constants import ACHIEVEMENT_UNIT
from core.credits.models import Certification
from core.credits.repository import certification_in_force, scope_total
from core.credits.service import write_award
from core.db import Database
from core.demo import load_demo
from core.eligibility import Decision, EligibilityCheck
from core.enrolments import service as enrolments
from core.enrolments.models import Enrolment, EnrolmentState
from core.graphql.schema import build_schema
from core.groups.composition import problems as composition_problems
from core.i18n import Language, catalogs
from core.migrate import upgrade
from core.people.models import Organization, Person, Role
from core.plugin_host import installed_programs, load_registry
from core.programs import Interval, Recurrence
from core.questionnaires.declarations import declaration_problems
from core.registry import Program, Registry
from core.testing.access_checks import AccessContract
from core.testing.personal_data import contributed
from core.testing.world import contract_settings as _settings
from core.testing.world import new_person


class ProgramContract(AccessContract):
    """Checks that hold for every program; subclass and set ``slug``."""

    slug: ClassVar[str]

    @pytest.fixture(scope="class")
    @classmethod
    def contract_registry(cls) -> Registry:
        return load_registry(_settings((cls.slug,)))

    @pytest.fixture(scope="class")
    @classmethod
    def contract_program(cls, contract_registry: Registry) -> Program:
        return contract_registry.program(cls.slug)

    @pytest.fixture
    async def contract_database(
        self, contract_registry: Registry, tmp_path: Path
    ) -> AsyncIterator[Database]:
        database = Database.from_settings(
            _settings((self.slug,), f"sqlite+aiosqlite:///{tmp_path / 'contract.db'}")
        )
        await upgrade(database, contract_registry)
        yield database
        await database.dispose()

    def test_contract_entry_point_and_slug_agree(self, contract_program: Program) -> None:
        assert self.slug in installed_programs(), f"no entry point {self.slug!r} is installed"
        assert contract_program.info.slug == self.slug

    def test_contract_hooks_are_all_known(self) -> None:
        """Every module-level ``register_*``/``program_info`` function is a declared hook:
        catches a misspelled hook that ``check_pending`` cannot see (one without the marker)."""
        plugin = installed_programs()[self.slug].load()
        known = {name for name, _ in inspect.getmembers(hookspecs, inspect.isfunction)}
        suspicious = [
            name
            for name, value in vars(plugin).items()
            if inspect.isfunction(value)
            and (name.startswith("register_") or name == "program_info")
            and name not in known
        ]
        assert not suspicious, f"functions named like hooks but not hooks: {suspicious}"

    def test_contract_every_sentence_has_its_french(self) -> None:
        """People read the program in English or French: every sentence its code marks
        (``_``, ``_n``, ``N_``) is in its French catalog, placeholders and all
        (``python -m core.i18n.catalogs update <package>``, then translate)."""
        package = installed_programs()[self.slug].load().__package__
        gaps = [str(gap) for gap in catalogs.check(package)]
        assert not gaps, "\n".join(gaps)

    def test_contract_declared_words_have_their_french(self, contract_program: Program) -> None:
        """What people read of the program's declarations (its description, its settings',
        its kinds' titles, its questionnaires' titles and questions) is marked ``N_`` and
        translated: core shows it through ``Program.say`` in the reader's language."""
        program = contract_program
        declared = [
            program.info.description,
            *(s.description for s in program.setting_specs),
            *(k.title for k in program.activity_kinds),
            *(k.description for k in program.activity_kinds),
            *(k.title for k in program.group_kinds),
            *(k.title for k in program.due_item_kinds),
            *(k.title for k in program.plan_kinds),
            *(q.title for q in contract_program.questionnaires),
            *(question.prompt for q in contract_program.questionnaires for question in q.questions),
        ]
        assert contract_program.catalog is not None
        french = catalogs.read(contract_program.catalog.domain, Language.FR)
        untranslated = [d for d in declared if d and not (d in french and french[d].string)]
        assert not untranslated, f"declared without French: {untranslated}"

    def test_contract_tables_are_prefixed(self, contract_program: Program) -> None:
        for model in contract_program.models:
            table = model.__table__.name  # type: ignore[attr-defined]
            assert table.startswith(f"{self.slug}_"), f"{table} lacks the {self.slug}_ prefix"

    async def test_contract_tables_are_created_by_its_migrations(
        self, contract_program: Program, contract_database: Database
    ) -> None:
        async with contract_database.engine.connect() as connection:
            tables = set(await connection.run_sync(lambda c: inspect_schema(c).get_table_names()))
        expected = {m.__table__.name for m in contract_program.models}  # type: ignore[attr-defined]
        assert expected <= tables, f"not created: {expected - tables}"
        foreign = {t for t in tables if not t.startswith(("core_", f"{self.slug}_", "alembic_"))}
        assert not foreign, f"tables of other programs were created: {foreign}"

    def test_contract_schema_builds_alone(self, contract_registry: Registry) -> None:
        build_schema(contract_registry, _settings((self.slug,)))

    def test_contract_schema_builds_with_every_installed_program(self) -> None:
        everything = _settings(None)
        build_schema(load_registry(everything), everything)

    def test_contract_root_fields_and_types_carry_the_prefix(
        self, contract_registry: Registry, contract_program: Program
    ) -> None:
        prefix = contract_program.info.graphql_prefix
        assert prefix, "a program needs a graphql_prefix"
        unprefixed = [
            f for f in contributed(contract_registry, self.slug) if not f[1].startswith(prefix)
        ]
        assert not unprefixed, f"root fields without the {prefix!r} prefix: {unprefixed}"
        schema = build_schema(contract_registry, _settings((self.slug,))).schema
        core_only = build_schema(load_registry(_settings(())), _settings(())).schema
        types = set(schema._schema.type_map) - set(core_only._schema.type_map)
        pascal = prefix[0].upper() + prefix[1:]
        assert not [t for t in types if not t.startswith(pascal)], f"unprefixed types in {types}"

    def test_contract_every_activity_kind_has_a_credit_formula(
        self, contract_program: Program
    ) -> None:
        formulas = {f.activity_kind for f in contract_program.credit_formulas}
        for kind in contract_program.activity_kinds:
            assert kind.name.startswith(f"{self.slug}."), f"{kind.name} lacks the slug prefix"
            assert kind.name in formulas, f"activity kind {kind.name} has no credit formula"
        for spec in contract_program.certifications:
            assert spec.activity_kind in formulas, f"{spec.code} certifies an unknown kind"

    async def test_contract_every_rule_returns_a_decision_with_reasons(
        self, contract_registry: Registry, contract_program: Program, contract_database: Database
    ) -> None:
        async with contract_database.write() as session:
            person = new_person("physician")
            session.add(person)
            await session.flush()
            for rule in contract_program.eligibility_rules:
                for action in rule.applies_to:
                    decision = await rule.evaluate(
                        EligibilityCheck(
                            session=session,
                            registry=contract_registry,
                            action=action,
                            person_id=person.id,
                            program=self.slug,
                        )
                    )
                    assert isinstance(decision, Decision), f"{rule.code} returned {decision!r}"
                    assert decision.reasons, f"{rule.code} gave no reason"
                    assert all(r.code and r.message for r in decision.reasons)

    async def test_contract_awarded_credits_never_exceed_a_cap(
        self, contract_program: Program, contract_database: Database
    ) -> None:
        """Award each capped formula past its smallest cap, under every certification the
        program ships: no cap is ever exceeded and the smallest is reached exactly."""
        for formula in contract_program.credit_formulas:
            specs = [
                s
                for s in contract_program.certifications
                if s.activity_kind == formula.activity_kind and s.rate > 0
            ]
            if not formula.caps or not specs:
                continue
            smallest = min(cap.limit for cap in formula.caps)
            for spec in specs:
                async with contract_database.write() as session:
                    person = new_person("physician")
                    session.add(person)
                    await session.flush()
                    certification = await certification_in_force(
                        session, formula.activity_kind, spec.effective_from
                    )
                    assert isinstance(certification, Certification), spec.code
                    quantity = Decimal("1.75")
                    for _ in range(int(smallest / (quantity * certification.rate)) + 3):
                        await write_award(
                            session,
                            formula=formula,
                            certification=certification,
                            person_id=person.id,
                            program=self.slug,
                            quantity=quantity,
                            earned_on=spec.effective_from,
                        )
                    for cap in formula.caps:
                        total = await scope_total(session, person.id, cap.scope)
                        assert total <= cap.limit, f"{cap.code}: {total} awarded, cap {cap.limit}"
                        if cap.limit == smallest:
                            assert total == cap.limit, f"{cap.code} never reached: {total}"

    async def test_contract_demo_data_loads(
        self, contract_registry: Registry, contract_database: Database
    ) -> None:
        assert await load_demo(contract_database, contract_registry)
        async with contract_database.read() as session:
            assert await session.scalar(select(Person.id).limit(1)) is not None

    async def test_contract_personal_data_exports_as_json(
        self,
        contract_registry: Registry,
        contract_program: Program,
        contract_database: Database,
    ) -> None:
        """The program says what it holds about a person (the export a person downloads of
        all their data): for the demo's people, JSON without credentials, and not nothing
        when the program has demo data of its own."""
        export = contract_program.personal_data
        assert export is not None, "implement register_personal_data, or the export is incomplete"
        await load_demo(contract_database, contract_registry)
        async with contract_database.read() as session:
            people = (await session.scalars(select(Person.id))).all()
            sections = [await export(session, person) for person in people]
        rows = [row for found in sections for table in found.values() for row in table]
        if contract_program.demo_data is not None:
            assert rows, "the demo's people hold nothing in the program's export"
        assert not [key for row in rows for key in row if "token" in key or "hash" in key]
        json.dumps(sections)

    def test_contract_settings_defaults_are_within_bounds(self, contract_program: Program) -> None:
        for spec in contract_program.setting_specs:
            if spec.minimum is not None:
                assert spec.default >= spec.minimum, spec.name  # type: ignore[operator]
            if spec.maximum is not None:
                assert spec.default <= spec.maximum, spec.name  # type: ignore[operator]

    def test_contract_questionnaires_are_well_formed(self, contract_program: Program) -> None:
        """Question keys and choices unique, choices exactly for choice questions, versions
        increasing, and the due item kind a questionnaire completes one of the program's."""
        problems = declaration_problems(
            self.slug,
            contract_program.questionnaires,
            [kind.name for kind in contract_program.due_item_kinds],
        )
        assert not problems, "\n".join(problems)

    def test_contract_due_item_kinds_fall_due_and_remind_as_core_reads_them(
        self, contract_program: Program
    ) -> None:
        """Core's tasks read each kind's offset, recurrence and reminder days: the kind is the
        program's own, an offset or recurrence is core's ``Interval``/``Recurrence``, and the
        reminders are distinct whole days within a year of the due date."""
        for kind in contract_program.due_item_kinds:
            assert kind.name.startswith(f"{self.slug}."), f"{kind.name} lacks the slug prefix"
            assert kind.offset is None or isinstance(kind.offset, Interval), kind.name
            assert kind.recurrence is None or isinstance(kind.recurrence, Recurrence), kind.name
            days = kind.reminders
            assert len(set(days)) == len(days), f"{kind.name} repeats a reminder day: {days}"
            assert all(isinstance(d, int) and abs(d) <= 366 for d in days), f"{kind.name}: {days}"

    def test_contract_tasks_are_named_for_the_program_and_scheduled(
        self, contract_program: Program
    ) -> None:
        """Each task is ``<slug>.<task>``, runs a coroutine function and has a cron schedule
        procrastinate's workers can read."""
        for task in contract_program.tasks:
            assert task.name.startswith(f"{self.slug}."), f"{task.name} lacks the slug prefix"
            assert inspect.iscoroutinefunction(task.run), f"{task.name} does not run async"
            assert croniter.is_valid(task.cron), f"{task.name}: {task.cron!r} is not a cron"

    def test_contract_plan_kinds_are_its_own_with_sound_goal_rules(
        self, contract_program: Program
    ) -> None:
        """Core writes a plan by its kind's declaration: a kind named for the program, owned
        by a person or a group, asking no negative goal count, and term windows of days ahead
        that are not empty (a goal's target date is always after today)."""
        for kind in contract_program.plan_kinds:
            assert kind.name.startswith(f"{self.slug}."), kind.name
            assert kind.owner in ("person", "group"), kind.name
            assert kind.min_goals >= 0, kind.name
            for window in (kind.short_term_days, kind.long_term_days):
                assert window is None or 0 < window[0] <= window[1], kind.name

    def test_contract_certifications_count_in_their_kinds_unit(
        self, contract_program: Program
    ) -> None:
        """An activity kind is certified per hour or per activity; an achievement kind (a
        formula's kind that is no activity kind) per achievement, in a known credit category,
        so core's retroactive awards and certificates read them right."""
        activity_kinds = {k.name for k in contract_program.activity_kinds}
        for spec in contract_program.certifications:
            units = (
                ("hour", "activity")
                if spec.activity_kind in activity_kinds
                else (ACHIEVEMENT_UNIT,)
            )
            assert spec.unit in units, f"{spec.code} counts per {spec.unit}, not {units}"
            assert spec.credit_type in CATEGORIES, f"{spec.code}: {spec.credit_type}"

    def test_contract_group_kinds_are_well_formed(
        self, contract_registry: Registry, contract_program: Program
    ) -> None:
        """Composition rules name known professions and roles with numbers a group can meet,
        and a parent kind is one the enabled programs declare."""
        known = set(contract_registry.group_kinds)
        for kind in contract_program.group_kinds:
            assert kind.name.startswith(f"{self.slug}."), f"{kind.name} lacks the slug prefix"
            assert not composition_problems(kind, known), composition_problems(kind, known)

    async def test_contract_enrolments_are_decided_and_ended_by_core(
        self, contract_registry: Registry, contract_database: Database
    ) -> None:
        """Staff decide, withdraw and close enrolments in the program through core, whichever
        way they came about: the program's handlers of enrolment events accept each, also of
        a person the program's own workflow never saw."""
        ended = []
        for end in (enrolments.withdraw, enrolments.close):
            async with contract_database.write() as session:
                organization = Organization(name=f"Contract {uuid.uuid4().hex}", kind="any")
                person = new_person("physician")
                session.add_all([organization, person])
                await session.flush()
                admin = Viewer(person.id, (Grant(Role.ADMIN, None, None),))
                enrolment = Enrolment(
                    person_id=person.id,
                    program=self.slug,
                    organization_id=organization.id,
                    state=EnrolmentState.REQUESTED,
                )
                session.add(enrolment)
                await session.flush()
                await enrolments.decide(
                    session,
                    contract_registry,
                    admin,
                    enrolment_id=enrolment.id,
                    approve=True,
                    reason=None,
                )
                await end(session, contract_registry, admin, enrolment_id=enrolment.id, reason=None)
                ended.append(enrolment.state)
        assert ended == [EnrolmentState.WITHDRAWN, EnrolmentState.CLOSED]
