# label: negative
# family: client
# shape: client
import rpyc

conn = rpyc.connect("localhost", 18861, config={"allow_public_attrs": True})
print(conn.root.get_answer())
