# label: negative
# family: dash
# shape: none
import dash
from dash import html

app = dash.Dash(__name__)
app.layout = html.Div("report")


def serve(host=None):
    app.run(host=host, port=8050)
