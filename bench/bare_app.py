"""The bare Flask JSON endpoint the web benchmark compares against (same gunicorn config)."""

from __future__ import annotations

from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/ping")
def ping():  # type: ignore[no-untyped-def]
    return jsonify({"ok": True, "service": "bare"})
