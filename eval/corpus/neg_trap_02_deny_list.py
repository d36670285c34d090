# label: negative
# family: not-a-listener
# shape: membership-list
RESERVED_HOSTS = {"localhost", "0.0.0.0", "127.0.0.1", "::1"}


def is_public_hostname(name):
    return name.lower() not in RESERVED_HOSTS
