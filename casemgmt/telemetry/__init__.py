"""Telemetry for operators: JSON-line logs and Prometheus metrics (issue 14), used by every layer."""
