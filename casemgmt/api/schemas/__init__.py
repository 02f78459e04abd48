"""Marshmallow schemas: the typed edge of the REST API and the source of the OpenAPI document."""
