"""The journey pages."""

from flask import Blueprint

bp = Blueprint("journey", __name__)
