"""Fuzz every route: random bytes, random JSON and random multipart bodies, random query
strings, now and then a random id in the path; bounded in count (a fixed seed, a few dozen
requests a route) and in time. No answer is a 500, none shows a traceback, and every refusal
of the API is one line of JSON.
"""

from __future__ import annotations

import io
import json
import random
import time
import zipfile
from typing import Any

from sec_routes import fixture_ids, requests
from starlette.testclient import TestClient
from web_helpers import BASE, SAMPLE_CSV, Web

#: Requests a route, and the most seconds for them all.
PER_ROUTE, BUDGET = 24, 150.0
FIELDS = ["name", "first_name", "last_name", "company", "role", "email", "ticket", "desk",
          "printer", "layout", "reprint", "request", "dates", "id", "job_title"]
ALPHABET = ("abcXYZ019 -_.,'\"\\/<>&%;:=+@#?*()[]{}|~`" "\x00\x01\x07\x1b\x7f\x85\u200b"
            "\u202e\ufeff\uffff\u00e9\u00fc\u0416\u4e2d\u0645\U0001f600\t\n\r")


def _text(rng: random.Random, most: int = 40) -> str:
    n = rng.choice([0, 1, 2, 5, most, most * 50])
    out = "".join(rng.choice(ALPHABET) for _ in range(n))
    if rng.random() < 0.15:
        out += rng.choice(["\ud800", "\udfff", "\udc80x"])  # lone surrogates
    return out


def _json_value(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.randrange(9 if depth < 4 else 6)
    if kind == 0:
        return _text(rng)
    if kind == 1:
        return rng.choice([0, -1, 2**63, 10**400, 1.5, float("1e308")])
    if kind == 2:
        return rng.choice([True, False, None])
    if kind == 3:
        return rng.choice(["browser", "a4-90x55-8up", "", "BadgePDF", "../../etc/passwd"])
    if kind in (4, 5):
        return _text(rng, 8)
    if kind in (6, 7):
        return {rng.choice([*FIELDS, _text(rng, 6)]): _json_value(rng, depth + 1)
                for _ in range(rng.randrange(6))}
    return [_json_value(rng, depth + 1) for _ in range(rng.randrange(4))]


def _json_body(rng: random.Random) -> bytes:
    value = _json_value(rng) if rng.random() < 0.3 else {
        rng.choice(FIELDS): _json_value(rng, 1) for _ in range(rng.randrange(1, 6))}
    text = json.dumps(value, ensure_ascii=True)  # lone surrogates become \\udXXX escapes
    if rng.random() < 0.1:
        text = text[: rng.randrange(len(text) + 1)]  # cut short
    if rng.random() < 0.05:
        n = rng.choice([50, 5000, 100_000])
        text = "[" * n + "]" * n
    return text.encode("utf-8", "surrogatepass")


def _file(rng: random.Random) -> bytes:
    kind = rng.randrange(5)
    if kind == 0:
        return rng.randbytes(rng.randrange(2000))
    if kind == 1:
        return SAMPLE_CSV.read_bytes()[: rng.randrange(4000)]
    if kind == 2:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            for _ in range(rng.randrange(4)):
                name = rng.choice(["layout.toml", "a/b.toml", "../x.ttf", ".hidden", "l.png",
                                   _text(rng, 8) or "x"])
                name = name.encode("utf-8", "replace").decode("utf-8").replace("\x00", "_")
                if name not in zf.namelist():
                    zf.writestr(name, rng.randbytes(rng.randrange(300)))
        data = bytearray(buf.getvalue())
        for _ in range(rng.randrange(3)):  # a few bytes damaged
            if data:
                data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)
    if kind == 3:
        return ('name = "x"\n[sheet]\nsize = "' + _text(rng, 10) + '"\n').encode(
            "utf-8", "surrogatepass")
    return ("Name,Company\n" + "\n".join(f"{_text(rng, 12)},{_text(rng, 8)}"
                                         for _ in range(rng.randrange(20)))).encode(
        "utf-8", "surrogatepass")


def _multipart(rng: random.Random) -> tuple[bytes, str]:
    boundary = rng.choice(["b0und", "x" * 70, "--", "a b"])
    parts = []
    for _ in range(rng.randrange(4)):
        field = rng.choice(["file", "files", "name", "layout", "map_name", "event_name",
                            _text(rng, 6)])
        name = rng.choice(["list.csv", "l.xlsx", "d.zip", "a.toml", "../../x.csv",
                           "\x00.csv", "é.xls", _text(rng, 20)])
        disposition = (f'form-data; name="{field}"; filename="{name}"'
                       if rng.random() < 0.7 else f'form-data; name="{field}"')
        parts.append(b"--" + boundary.encode() + b"\r\nContent-Disposition: "
                     + disposition.encode("utf-8", "surrogatepass") + b"\r\n\r\n"
                     + _file(rng) + b"\r\n")
    body = b"".join(parts) + (b"--" + boundary.encode() + b"--\r\n"
                              if rng.random() < 0.8 else b"")
    return body, f"multipart/form-data; boundary={boundary}"


def _request(rng: random.Random) -> tuple[bytes, dict[str, str], dict[str, str]]:
    kind = rng.randrange(3)
    if kind == 0:
        body = rng.randbytes(rng.randrange(3000))
        kinds = ["application/json", "multipart/form-data; boundary=zz",
                 "application/x-www-form-urlencoded", "text/plain", ""]
        headers = {"Content-Type": rng.choice(kinds)}
    elif kind == 1:
        body, headers = _json_body(rng), {"Content-Type": "application/json"}
    else:
        body, kind_ = _multipart(rng)
        headers = {"Content-Type": kind_}
    params = {k: _text(rng, 10) for k in rng.sample(["q", "limit", "do", "job", "token", "x"],
                                                    rng.randrange(3))}
    if rng.random() < 0.3:
        params["limit"] = rng.choice(["²", "9" * 30, "0", "-1", "200", "24"])
    return body, headers, {k: v.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
                           for k, v in params.items()}


def test_random_requests_to_every_route_never_500(web: Web) -> None:
    rng = random.Random(23)
    ids = fixture_ids(web)
    client = TestClient(web.asgi, base_url=BASE, raise_server_exceptions=False)
    routes = requests(web, ids)
    start = time.monotonic()
    sent = 0
    for round_ in range(PER_ROUTE):
        for method, path in routes:
            if time.monotonic() - start > BUDGET:
                break
            if path.endswith("/build") and round_ > 2:
                continue  # a build is a process of its own: three are enough
            if rng.random() < 0.1:  # a random id in the path
                segs = path.split("/")
                i = rng.randrange(1, len(segs))
                segs[i] = rng.choice(["0", "-1", "9" * 25, "%00", "..", "%2e%2e", "x" * 300,
                                      "%ff", "%e2%80%ae"])
                path = "/".join(segs)
            body, headers, params = _request(rng)
            r = client.request(method, path, content=body, headers=headers, params=params)
            sent += 1
            detail = (method, path, headers, body[:120], r.status_code, r.text[:300])
            assert r.status_code < 500, detail
            assert "Traceback" not in r.text and "Internal Server Error" not in r.text, detail
            if r.request.url.path.startswith("/api/") and r.status_code >= 400:
                error = r.json()["error"]
                assert isinstance(error, str) and "\n" not in error, detail
    web.state.engine.builds.wait()
    assert sent >= len(routes) * 3

