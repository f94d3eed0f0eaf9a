"""People and the organizations they belong to, with the roles they hold there."""
