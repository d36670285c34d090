# label: negative
# family: dash
# shape: default-loopback
from dash import Dash, html

app = Dash(__name__)
app.layout = html.Div("hello")

if __name__ == "__main__":
    app.run(debug=True)
