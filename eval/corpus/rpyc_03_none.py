# label: positive BND003
# family: rpyc
# shape: none
from rpyc.utils.server import ThreadPoolServer


def make_server(service, port):
    return ThreadPoolServer(service, hostname=None, port=port,
                            protocol_config={"allow_public_attrs": True})
