# label: negative
# family: uvicorn
# shape: unknown
import uvicorn
import yaml

with open("config.yaml") as fh:
    config = yaml.safe_load(fh)

uvicorn.run("api:app", host=config["server"]["host"], port=config["server"]["port"])
