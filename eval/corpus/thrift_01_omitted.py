# label: positive BND003
# family: thrift
# shape: omitted
from thrift.server import TServer
from thrift.transport import TSocket, TTransport


def build(processor):
    transport = TSocket.TServerSocket(port=9090)
    return TServer.TSimpleServer(processor, transport, TTransport.TBufferedTransportFactory())
