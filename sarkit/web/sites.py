"""The sites pages."""

from flask import Blueprint

bp = Blueprint("sites", __name__)
