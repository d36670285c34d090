"""Deployment settings."""

HOST = "0.0.0.0"
PORT = 8000
