# label: positive BND002
# family: dash
# shape: literal
from dash import Dash, html

app = Dash(__name__)
app.layout = html.Div([html.H1("Sales dashboard")])

if __name__ == "__main__":
    app.run(debug=False, host="0.0.0.0", port=8050)
