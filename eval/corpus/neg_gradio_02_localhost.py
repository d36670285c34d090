# label: negative
# family: gradio
# shape: loopback
import gradio as gr

with gr.Blocks() as demo:
    gr.Textbox()

demo.launch(server_name="127.0.0.1", server_port=7860, share=False)
