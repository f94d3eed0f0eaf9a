"""What an operator sees of a running server: one log line per request, Prometheus metrics
and, when configured, OpenTelemetry traces; none of them carries a query, a variable or
anything else a person typed."""
