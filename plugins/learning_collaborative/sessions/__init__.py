"""LC sessions."""
