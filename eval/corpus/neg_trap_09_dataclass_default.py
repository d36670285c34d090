# label: negative
# family: not-a-listener
# shape: unrelated-constant
from dataclasses import dataclass


@dataclass
class Route:
    destination: str
    gateway: str = "0.0.0.0"
    metric: int = 0

    def is_direct(self):
        return self.gateway == "0.0.0.0"
