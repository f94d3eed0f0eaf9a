"""Messages recorded for a person; delivering them is a frontend's job."""
