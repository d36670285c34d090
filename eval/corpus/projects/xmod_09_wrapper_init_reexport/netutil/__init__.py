from .server import listen

__all__ = ["listen"]
