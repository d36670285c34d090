# label: positive BND002
# family: jupyter
# shape: config-attribute
c = get_config()
c.NotebookApp.ip = '0.0.0.0'
c.NotebookApp.port = 8888
c.NotebookApp.allow_root = True
