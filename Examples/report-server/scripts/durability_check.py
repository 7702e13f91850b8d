#!/usr/bin/env python3
"""kill -9 during writes loses no acknowledged report: four clients post reports (and votes) as
fast as they can, the server is killed with SIGKILL mid-stream, restarted on the same database,
and every report and vote that was answered 201/200 must be there. Run by durability-check.sh for
--sync full and --sync normal. Stdlib only; bounded in time."""
import http.client
import json
import math
import os
import signal
import subprocess
import sys
import threading
import time

BIN, DB, PORT, SYNC = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
ROUNDS = 3


def start():
    proc = subprocess.Popen([BIN, "--db", DB, "--port", str(PORT), "--sync", SYNC, "--public-directory", "/nonexistent",
                             "--reports-per-minute", "0", "--votes-per-minute", "0", "--citizens-per-hour", "0"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            if call("GET", "/status")[0] == 200:
                return proc
        except OSError:
            time.sleep(0.1)
    raise SystemExit("server did not start")


def call(method, path, body=None, token=None):
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers["Authorization"] = "Bearer " + token
    conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
    r = conn.getresponse()
    data = r.read()
    conn.close()
    return r.status, (json.loads(data) if data else None)


proc = start()
bounds = call("GET", "/status")[1]["bounds"]
cx, cy = (bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2
n = 2 ** 15
tile = call("GET", f"/tiles/15/{int((cx + 180) / 360 * n)}/{int((1 - math.asinh(math.tan(math.radians(cy))) / math.pi) / 2 * n)}.geojson")[1]
roads = [f for f in tile["features"] if f["properties"].get("kind") == "road"]
points = []
for f in roads:
    c = f["geometry"]["coordinates"]
    points += c if isinstance(c[0][0], float) else c[0]
acknowledged_reports, acknowledged_votes = set(), {}
lock = threading.Lock()
failures = []

for rnd in range(ROUNDS):
    tokens = [call("POST", "/citizens", {})[1]["token"] for _ in range(4)]
    stop = threading.Event()

    def client(k):
        i = 0
        while not stop.is_set():
            lon, lat = points[(k * 7919 + i) % len(points)]
            i += 1
            try:
                status, body = call("POST", "/reports", {"lon": lon, "lat": lat, "category": "pothole"}, tokens[k])
                if status == 201:
                    rid = body["report"]["id"]
                    with lock:
                        acknowledged_reports.add(rid)
                    status, body = call("POST", f"/reports/{rid}/vote", {}, tokens[k])
                    if status == 200:
                        with lock:
                            acknowledged_votes[rid] = body["votes"]
            except (OSError, http.client.HTTPException, ValueError):
                return   # the server died under us

    threads = [threading.Thread(target=client, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    time.sleep(1.5)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stop.set()
    for t in threads:
        t.join()
    proc = start()
    missing = [rid for rid in sorted(acknowledged_reports) if call("GET", f"/reports/{rid}")[0] != 200]
    wrong_votes = [rid for rid, v in acknowledged_votes.items() if (call("GET", f"/reports/{rid}")[1] or {}).get("votes", -1) < v]
    print(f"round {rnd + 1}: {len(acknowledged_reports)} reports and {len(acknowledged_votes)} votes acknowledged so far; "
          f"after kill -9 and restart {len(missing)} missing, {len(wrong_votes)} votes lost")
    if missing or wrong_votes:
        failures.append(rnd)
proc.terminate()
proc.wait()
ok = not failures and len(acknowledged_reports) > 0
print(("ok   " if ok else "FAIL ") + f"--sync {SYNC}: kill -9 during writes lost no acknowledged report or vote ({ROUNDS} rounds)")
sys.exit(0 if ok else 1)
