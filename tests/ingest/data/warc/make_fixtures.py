#!/usr/bin/env python3
# Writes two_pages.warc and two_pages.warc.gz (one gzip member per record, as Common
# Crawl does) next to this script: python3 tests/ingest/data/warc/make_fixtures.py
# The pages are invented short news-like texts.
import gzip
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def record(warc_type, headers, block):
    head = "WARC/1.1\r\nWARC-Type: %s\r\n" % warc_type
    for name, value in headers:
        head += "%s: %s\r\n" % (name, value)
    head += "Content-Length: %d\r\n\r\n" % len(block)
    return head.encode() + block + b"\r\n\r\n"


def page(title, paragraph):
    return ("<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>%s</title>"
            "<meta property=\"article:published_time\" content=\"2023-02-27T08:00:00+01:00\"></head>"
            "<body><nav>Accueil | Monde</nav><article><h1>%s</h1><p>%s</p>"
            "<p>Les habitants attendent la suite des travaux.</p></article>"
            "<footer>Tous droits réservés</footer></body></html>" % (title, title, paragraph)).encode()


def response(uri, http_headers, body):
    message = "HTTP/1.1 200 OK\r\n"
    for name, value in http_headers:
        message += "%s: %s\r\n" % (name, value)
    message = message.encode() + b"\r\n" + body
    return record("response", [("WARC-Target-URI", uri), ("WARC-Date", "2023-03-01T12:00:00Z"),
                               ("Content-Type", "application/http; msgtype=response")], message)


records = [
    record("warcinfo", [("Content-Type", "application/warc-fields")],
           b"software: tests/ingest/data/warc/make_fixtures.py\r\n"),
    record("request", [("WARC-Target-URI", "https://niamey.example/pont")],
           b"GET /pont HTTP/1.1\r\nHost: niamey.example\r\n\r\n"),
    response("https://niamey.example/pont", [("Content-Type", "text/html; charset=utf-8")],
             page("Niamey : le pont rouvre", "Le pont Kennedy a rouvert mardi à la circulation.")),
    response("https://niamey.example/logo.png", [("Content-Type", "image/png")], b"\x89PNG\r\n\x1a\n"),
    response("https://mopti.example/crue", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
             gzip.compress(page("Mopti : la crue est arrivée", "La crue du fleuve a atteint Mopti samedi."), mtime=0)),
]

with open(os.path.join(HERE, "two_pages.warc"), "wb") as plain:
    plain.write(b"".join(records))
with open(os.path.join(HERE, "two_pages.warc.gz"), "wb") as packed:
    for one in records:
        packed.write(gzip.compress(one, mtime=0))
