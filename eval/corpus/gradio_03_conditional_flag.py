# label: positive BND002
# family: gradio
# shape: conditional
import argparse

import gradio as gr

parser = argparse.ArgumentParser()
parser.add_argument("--listen", action="store_true", help="listen on the network")
args = parser.parse_args()

demo = gr.Interface(lambda x: x, "text", "text")
server_name = "0.0.0.0" if args.listen else None
demo.launch(server_name=server_name)
