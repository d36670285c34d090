# label: positive BND002
# family: jupyter
# shape: config-attribute
c = get_config()
c.ServerApp.ip = "*"
c.ServerApp.port = 8888
c.ServerApp.open_browser = False
