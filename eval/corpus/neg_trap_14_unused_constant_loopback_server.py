# label: negative
# family: uvicorn
# shape: unrelated-constant
import uvicorn

DOCKER_HINT = "0.0.0.0"

if __name__ == "__main__":
    print("inside a container, pass --host", DOCKER_HINT)
    uvicorn.run("app:app", host="127.0.0.1", port=8000)
