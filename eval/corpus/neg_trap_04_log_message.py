# label: negative
# family: not-a-listener
# shape: log-string
import logging

logger = logging.getLogger("deploy")


def warn_exposed(config):
    if config.get("public"):
        logger.warning("Service %s will listen on %s", config["name"], "0.0.0.0")
