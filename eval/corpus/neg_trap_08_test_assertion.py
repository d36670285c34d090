# label: negative
# family: not-a-listener
# shape: comparison
from netutils import parse_endpoint


def test_parse_wildcard_endpoint():
    assert parse_endpoint("0.0.0.0:80") == ("0.0.0.0", 80)
    assert parse_endpoint("[::]:443") == ("::", 443)
