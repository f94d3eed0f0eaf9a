"""LC office: calls, resources, messages, spread."""
