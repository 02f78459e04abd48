"""WSGI entry point for gunicorn: the app built from the environment."""
from casemgmt.api import create_app

app = create_app()
