# label: positive BND004
# family: gradio
# shape: getenv-default
import os

import gradio as gr

with gr.Blocks() as demo:
    gr.Markdown("# Chat")

demo.queue().launch(server_name=os.getenv("GRADIO_SERVER_NAME", "0.0.0.0"), server_port=7861)
