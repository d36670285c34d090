# label: negative
# family: not-a-listener
# shape: comparison
from pydantic import BaseModel, field_validator


class ServerSettings(BaseModel):
    host: str = "127.0.0.1"

    @field_validator("host")
    @classmethod
    def refuse_wildcard(cls, v):
        if v in {"0.0.0.0", "::"}:
            raise ValueError("refusing to listen on every interface")
        return v
