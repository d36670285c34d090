# label: negative
# family: jupyter
# shape: loopback
c = get_config()
c.ServerApp.ip = "localhost"
c.ServerApp.port = 8888
c.ServerApp.open_browser = True
