"""GraphQL documents the authorization world is built with and its targeted tests send.

A support module, not a test module: the world (tests/authz_world.py) and the authorization tests
share one copy of each document, so a selection changed for one is changed for all.
"""

from __future__ import annotations

CREATE_DUE_ITEM = """
mutation($input: CreateDueItemInput!) {
  createDueItem(input: $input) { dueItem { id } errors { code message } }
}"""

ASSIGN_ROLE = """
mutation($input: AssignRoleInput!) {
  assignRole(input: $input) {
    roleAssignment { id role organization { id } } errors { code message }
  }
}"""

REVOKE_ROLE = """
mutation($input: RevokeRoleInput!) {
  revokeRole(input: $input) { revoked errors { code message } }
}"""

ISSUE_CERTIFICATE = """
mutation($input: IssueCertificateInput!) {
  issueCertificate(input: $input) { certificate { id } errors { code message } }
}"""

ADD_NOTE = """
mutation($input: ExAddNoteInput!) {
  exAddNote(input: $input) { note { text } errors { code message } }
}"""


SET_GOAL = """
mutation($input: PwSetGoalInput!) {
  pwSetGoal(input: $input) { goal { id } errors { code field message } }
}"""

LOG_SESSION = """
mutation($input: PwLogSessionInput!) {
  pwLogSession(input: $input) {
    session { id activityId } creditEntry { id } errors { code field message }
  }
}"""

SUBMIT_SURVEY = """
mutation($input: PwSubmitProgressSurveyInput!) {
  pwSubmitProgressSurvey(input: $input) { report { id } errors { code field message } }
}"""

SCHEDULE_CALL = """
mutation($input: PwScheduleCallInput!) {
  pwScheduleCall(input: $input) { call { id } errors { code field message } }
}"""

RECORD_CALL_ATTENDANCE = """
mutation($input: PwRecordCallAttendanceInput!) {
  pwRecordCallAttendance(input: $input) {
    participation { id } creditEntry { id } certificate { id } errors { code field message }
  }
}"""

ADD_RESOURCE = """
mutation($input: PwAddResourceInput!) {
  pwAddResource(input: $input) { resource { id } errors { code field message } }
}"""

ASK_QUESTION = """
mutation($input: PwAskQuestionInput!) {
  pwAskQuestion(input: $input) { question { id } errors { code field message } }
}"""

CREATE_LEARNER_GROUP = """
mutation($input: PwCreateLearnerGroupInput!) {
  pwCreateLearnerGroup(input: $input) { group { id } errors { code field message } }
}"""

MEMBERSHIPS = """
query($id: ID!) {
  node(id: $id) { ... on Person { memberships { nodes { group { id kind } } } } }
}"""

MY_ACCOUNT = "query { pwMyAccount { id person { id } } }"

NODE = """
query($id: ID!) { node(id: $id) { id } }"""

PERSON_ROLES = """
query($id: ID!) { node(id: $id) { ... on Person { roles { role organization { id } } } } }"""

PEOPLE = """
query($search: String) { people(first: 100, search: $search) { nodes { id } } }"""


ELIGIBILITY = """
query($person: ID!, $subject: ID) {
  eligibility(personId: $person, action: "core.group.join", subjectId: $subject) { allowed }
}"""
