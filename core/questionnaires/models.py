"""Stored questionnaire versions and the answers people submitted to them.

A version is stored as its questions were when it was first answered, and never changes: a
submission points at the version it answered, so it reads with its own questions after the
program has moved on to a new version."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow

# The conventional name would pass PostgreSQL's 63 characters.
VERSION_FK = "fk_core_questionnaire_submissions_questionnaire"


class QuestionnaireVersion(Base):
    """One version of a program's questionnaire, its questions as declared."""

    __tablename__ = "core_questionnaires"
    __table_args__ = (
        UniqueConstraint("program", "key", "version", name="uq_core_questionnaires_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program: Mapped[str] = mapped_column(String(60))
    key: Mapped[str] = mapped_column(String(120))
    version: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    due_item_kind: Mapped[str | None] = mapped_column(String(120))
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Submission(Base):
    """A person's answers about one subject. ``program`` and ``key`` repeat the version's so
    the database itself holds one submission per person, subject and questionnaire, whichever
    version was answered. ``answers`` maps a question's key to its answer."""

    __tablename__ = "core_questionnaire_submissions"
    __table_args__ = (
        UniqueConstraint(
            "program",
            "key",
            "person_id",
            "subject_type",
            "subject_id",
            name="uq_core_questionnaire_submissions_once",
        ),
        Index(
            "ix_core_questionnaire_submissions_subject",
            "program",
            "key",
            "subject_type",
            "subject_id",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(
        ForeignKey("core_questionnaires.id", name=VERSION_FK)
    )
    program: Mapped[str] = mapped_column(String(60))
    key: Mapped[str] = mapped_column(String(120))
    person_id: Mapped[int] = mapped_column(ForeignKey("core_people.id"), index=True)
    subject_type: Mapped[str] = mapped_column(String(60), doc="The subject's GraphQL type.")
    subject_id: Mapped[int]
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
