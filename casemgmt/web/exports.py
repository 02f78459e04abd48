"""The work queue's export button: GET /claims/export.csv under the browser session.

The API's export wants a bearer token, which a page never holds (the session keeps only its
hash), so the workspace streams the same export itself, through the API's own code: the same
columns, masking, BOM and access log (each page of rows logged as this route). Only the roles
the API admits see the button or get the file; the queue's received-from/to dates carry over
(the export filters by nothing else)."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from marshmallow import ValidationError

from . import backend
from .access import page, signed_in
from .forms import flatten, korean
from .queue import EXPORT, _seoul_midnight

blp = Blueprint("exports", __name__)
PERIOD = ("received_from", "received_to")
NAMES = {"received_from": "접수일 (부터)", "received_to": "접수일 (까지)"}


@blp.get("/claims/export.csv")
@page(api=EXPORT)
def claims_csv():
    query = {name: _seoul_midnight(request.args[name], 0 if name == "received_from" else 1)
             for name in PERIOD if request.args.get(name)}
    try:
        return backend.export_claims(query, signed_in())
    except ValidationError as error:
        messages = korean(flatten(error.messages))
        text = " ".join(f"{NAMES.get(name, name)}: {' '.join(texts)}"
                        for name, texts in messages.items())
        return render_template("error.html", status=422,
                               message=f"내보낼 기간을 확인하세요. {text}"), 422
