"""Core's due-item and certificate mutations, as the core API tests send them.

A support module: tests/test_core_api.py and tests/test_program_boundaries.py send the same
documents, and a test module importing another test module's would tie the two together.
"""

CREATE_DUE_ITEM = """
mutation($input: CreateDueItemInput!) {
  createDueItem(input: $input) { dueItem { id title dueOn completedAt } errors { code message } }
}"""

COMPLETE_DUE_ITEM = """
mutation($input: CompleteDueItemInput!) {
  completeDueItem(input: $input) { dueItem { id completedAt } errors { code message } }
}"""

ISSUE_CERTIFICATE = """
mutation($input: IssueCertificateInput!) {
  issueCertificate(input: $input) {
    certificate { number credits statement certificationCode periodStart periodEnd }
    errors { code message }
  }
}"""
