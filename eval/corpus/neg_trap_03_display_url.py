# label: negative
# family: not-a-listener
# shape: log-string
def browser_url(host, port):
    display_host = "localhost" if host in ("0.0.0.0", "::", "") else host
    url = "http://%s:%d/" % (display_host, port)
    print("Open %s in your browser" % url)
    return url
