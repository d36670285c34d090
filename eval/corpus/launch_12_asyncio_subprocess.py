# label: positive BND002
# family: launch-command
# shape: asyncio-subprocess
import asyncio


async def start_worker_api():
    proc = await asyncio.create_subprocess_exec(
        "uvicorn", "worker.api:app", "--host", "0.0.0.0", "--port", "9000"
    )
    return proc
