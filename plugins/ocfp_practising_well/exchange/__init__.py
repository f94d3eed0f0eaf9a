"""Information Exchange (searchable resources, resource-navigation questions) and feedback."""
