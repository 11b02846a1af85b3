"""The replies pages."""

from flask import Blueprint

bp = Blueprint("replies", __name__)
