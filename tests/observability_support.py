"""A request carrying what a person types, in a variable (an email) and in a query literal,
so the log and trace tests can show neither is recorded."""

EMAIL = "dr.private.person@example.org"
LITERAL = "zz-literal-marker"
FIND_PEOPLE = f"""
query FindPeople($search: String) {{
  people(search: $search) {{ nodes {{ id }} }}
  groups(program: "{LITERAL}") {{ nodes {{ id }} }}
}}"""
