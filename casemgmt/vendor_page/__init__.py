"""The vendor's page (Korean, for a phone): the HTML, script and style served at /vendor."""
from pathlib import Path

ASSETS = Path(__file__).resolve().parent
