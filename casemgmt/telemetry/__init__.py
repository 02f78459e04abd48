"""Telemetry for operators (issue 14): JSON-line logs and Prometheus metrics, for every layer."""
