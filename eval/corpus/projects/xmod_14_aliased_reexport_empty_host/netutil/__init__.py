from .server import listen as open_listener

__all__ = ["open_listener"]
