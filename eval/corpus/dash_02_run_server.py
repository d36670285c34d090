# label: positive BND002
# family: dash
# shape: literal
import dash
from dash import dcc, html

app = dash.Dash(__name__)
app.layout = html.Div([dcc.Graph(id="g")])

if __name__ == "__main__":
    app.run_server(host="0.0.0.0", port=8051)
