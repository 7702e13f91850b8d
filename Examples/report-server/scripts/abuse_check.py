#!/usr/bin/env python3
"""Attacks a report server on loopback (started by abuse-check.sh with its limits) and checks that
each attack is contained. Stdlib only; every loop is bounded; exits non-zero on a failure."""
import http.client
import json
import socket
import sys
import time

HOST, PORT = sys.argv[1], int(sys.argv[2])
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def call(method, path, body=None, token=None, headers=None):
    conn = http.client.HTTPConnection(HOST, PORT, timeout=10)
    h = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        h["Authorization"] = "Bearer " + token
    h.update(headers or {})
    conn.request(method, path, body=None if body is None else json.dumps(body), headers=h)
    r = conn.getresponse()
    data = r.read()
    conn.close()
    try:
        parsed = json.loads(data) if data else None
    except ValueError:
        parsed = None
    return r.status, dict(r.getheaders()), parsed


def citizen():
    status, _, body = call("POST", "/citizens", {})
    assert status == 201, (status, body)
    return body["token"]


import math

bounds = call("GET", "/status")[2]["bounds"]
# A point on a road: the first road vertex in the z15 tile at the network's centre.
cx, cy = (bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2
n = 2 ** 15
tx = int((cx + 180) / 360 * n)
ty = int((1 - math.asinh(math.tan(math.radians(cy))) / math.pi) / 2 * n)
tile = call("GET", f"/tiles/15/{tx}/{ty}.geojson")[2]
road = next(f for f in tile["features"] if f["properties"].get("kind") == "road")
coords = road["geometry"]["coordinates"]
lon, lat = coords[len(coords) // 2] if isinstance(coords[0][0], float) else coords[0][0]
token = citizen()
status, _, body = call("POST", "/reports", {"lon": lon, "lat": lat, "category": "pothole"}, token)
check(status == 201, f"a citizen reports a defect on road {road['properties'].get('road_id')} ({status})")
report = body["report"]["id"]

# 1. 200 votes under 200 names from one client count once.
codes = {}
for i in range(200):
    status, headers, _ = call("POST", f"/reports/{report}/vote", {"voter": f"voter-{i}", "value": 1}, token)
    codes[status] = codes.get(status, 0) + 1
votes = call("GET", f"/reports/{report}")[2]["votes"]
check(votes == 1, f"200 votes under 200 names from one citizen count once (votes={votes}, answers {codes})")
check(codes.get(429, 0) > 0, "the citizen's vote bucket ran dry (429)")

# 2. 1,000 reports from one address: at most the address's bucket (6 x 10) in a minute.
accepted = limited = 0
retry_after_ok = True
flood_start = time.time()
tokens = [token]
for i in range(1000):
    if i % 6 == 0 and len(tokens) < 40:
        tokens.append(citizen())
    status, headers, _ = call("POST", "/reports", {"lon": lon, "lat": lat, "category": "crack"}, tokens[-1])
    if status == 201:
        accepted += 1
    elif status == 429:
        limited += 1
        retry_after_ok &= headers.get("Retry-After", "").isdigit() and int(headers["Retry-After"]) >= 1
# The address's bucket holds 60 and refills 60 a minute (one a second) while the flood runs.
allowed = 60 + int(time.time() - flood_start) + 1
check(accepted <= allowed and limited >= 1000 - allowed,
      f"1,000 reports from one address: {accepted} accepted (at most {allowed}), {limited} limited (429)")
check(retry_after_ok, "every 429 carries Retry-After in seconds")

# 3. Password guessing: 10 a minute per address.
guess_start = time.time()
guesses = [call("POST", "/session", {"name": "admin", "password": f"guess {i}"})[0] for i in range(15)]
refilled = int((time.time() - guess_start) / 6) + 1   # 10 a minute: one every 6 s
check(10 <= guesses.count(401) <= 10 + refilled and guesses.count(429) >= 5 - refilled and set(guesses) <= {401, 429},
      f"15 password guesses: {guesses.count(401)} x 401, {guesses.count(429)} x 429")
status, headers, body = call("POST", "/session", {"name": "admin", "password": "abuse-check password"})
check(status in (200, 429), f"the right password is still 200 or limited, never another answer ({status})")


def closed_within(sock, seconds, trickle=None):
    """Whether the server closes `sock` within `seconds`, sending `trickle` bytes every 0.5 s."""
    sock.settimeout(0.5)
    start = time.time()
    while time.time() - start < seconds:
        try:
            if trickle:
                sock.send(trickle)
            data = sock.recv(4096)
            if data == b"" or data.startswith(b"HTTP/1.1 4"):
                return time.time() - start
        except socket.timeout:
            continue
        except (ConnectionResetError, BrokenPipeError):
            return time.time() - start
    return None


# 4. Slow headers: one byte every half second is cut off by the 2 s header timeout.
s = socket.create_connection((HOST, PORT))
s.send(b"GET /status HTTP/1.1\r\nHost: x\r\n")
t = closed_within(s, 8, trickle=b"X")
check(t is not None and t < 4, f"a trickled request head is closed after the header timeout ({t and round(t, 1)} s)")
s.close()

# 5. Slow body: a steady trickle is cut off by the 3 s body timeout.
s = socket.create_connection((HOST, PORT))
s.send(b"POST /citizens HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n")
t = closed_within(s, 10, trickle=b" ")
check(t is not None and t < 5, f"a trickled body is closed after the body timeout ({t and round(t, 1)} s)")
s.close()

# 6. Idle connections: closed after 4 s; past the cap of 40 a new connection waits until they go.
idle = [socket.create_connection((HOST, PORT)) for _ in range(40)]
time.sleep(0.3)
extra = socket.create_connection((HOST, PORT))
extra.settimeout(1.5)
extra.send(b"GET /status HTTP/1.1\r\nHost: x\r\n\r\n")
try:
    early = extra.recv(100)
except socket.timeout:
    early = b""
check(early == b"", "with 40 connections open (the cap) a 41st is not served")
extra.settimeout(8)
late = extra.recv(100)
check(late.startswith(b"HTTP/1.1 200"), "it is served once the idle ones are closed by the idle timeout")
idle_closed = sum(1 for c in idle if closed_within(c, 2) is not None)
check(idle_closed == 40, f"all 40 idle connections were closed ({idle_closed})")
for c in idle + [extra]:
    c.close()

# 7. The server still answers.
check(call("GET", "/status")[0] == 200, "the server still answers after the attacks")

print(f"\nabuse check: {len(failures)} failure(s)")
sys.exit(1 if failures else 0)
