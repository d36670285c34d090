# label: negative
# family: not-a-listener
# shape: unrelated-constant
import yaml

DEFAULTS = {"listen_address": "0.0.0.0", "port": 9093, "retention": "7d"}


def write_config(path, overrides):
    config = dict(DEFAULTS, **overrides)
    with open(path, "w") as fh:
        yaml.safe_dump(config, fh)
