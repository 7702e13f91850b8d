#!/usr/bin/env python3
"""Drives headless Chromium through chromedriver's W3C WebDriver API (plain HTTP, stdlib only):
loads the map, takes screenshots, clicks on a road to report a defect, reports a duplicate next to
it, and checks both on the map and through the API. Exits non-zero on any failure."""
import base64
import json
import sys
import time
import urllib.parse
import urllib.request

SERVER, DRIVER, OUT = sys.argv[1], sys.argv[2], sys.argv[3]


def http(method, url, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read() or b"null")


def wd(method, path, body=None):
    return http(method, f"{DRIVER}/session/{SESSION}{path}", body)["value"]


def js(script, *args):
    return wd("POST", "/execute/sync", {"script": script, "args": list(args)})


def wait(what, script, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = js(script)
        if value:
            return value
        time.sleep(0.2)
    raise SystemExit(f"FAIL: timed out waiting for {what}")


def screenshot(name):
    png = base64.b64decode(wd("GET", "/screenshot"))
    with open(f"{OUT}/{name}", "wb") as f:
        f.write(png)
    print(f"screenshot {OUT}/{name} ({len(png)} bytes)")


def click_map(x, y):
    """A real pointer click at container pixel (x, y) of the map."""
    rect = js("const r = document.getElementById('map').getBoundingClientRect(); return [r.left, r.top];")
    actions = {"actions": [{"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"}, "actions": [
        {"type": "pointerMove", "duration": 0, "origin": "viewport", "x": int(rect[0] + x), "y": int(rect[1] + y)},
        {"type": "pointerDown", "button": 0}, {"type": "pointerUp", "button": 0}]}]}
    wd("POST", "/actions", actions)


def report_at(x, y, category):
    js("document.getElementById('result').dataset.refreshed = '';")
    click_map(x, y)
    wait("the report form", "return document.getElementById('report-submit') !== null;")
    select = wd("POST", "/element", {"using": "css selector", "value": "#report-category"})
    element = list(select.values())[0]
    js("arguments[0].value = arguments[1];", {"element-6066-11e4-a52e-4f735a46c4f6": element}, category)
    button = list(wd("POST", "/element", {"using": "css selector", "value": "#report-submit"}).values())[0]
    wd("POST", f"/element/{button}/click", {})
    wait("the report answer and tile refresh", "return document.getElementById('result').dataset.refreshed === 'true';")
    return js("const r = document.getElementById('result'); return {id: Number(r.dataset.reportId), "
              "joined: r.dataset.joined, text: r.textContent};")


caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
    "binary": "/usr/bin/chromium",
    "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,800"]}}}}
SESSION = http("POST", f"{DRIVER}/session", caps)["value"]["sessionId"]
try:
    wd("POST", "/url", {"url": SERVER + "/"})
    wait("Leaflet and the first tiles", "return window.roadgeo && window.roadgeo.loadedTiles > 0;")
    # A point on a major road near the middle of the network, at zoom 17.
    target = wait("a road on the map", """
        for (const layer of window.roadgeo.tiles.byKey.values()) {
          for (const l of layer.getLayers()) {
            const p = l.feature && l.feature.properties;
            if (p && p.kind === 'road' && ['secondary', 'tertiary'].includes(p.highway)) {
              const ll = l.getLatLngs(); const pts = Array.isArray(ll[0]) ? ll[0] : ll;
              if (pts.length >= 2) {
                const a = pts[0], b = pts[1];
                return {lat: (a.lat + b.lat) / 2, lng: (a.lng + b.lng) / 2, road: p.road_id};
              }
            }
          }
        }
        return null;""")
    js("window.roadgeo.map.setView([arguments[0], arguments[1]], 17, {animate: false});", target["lat"], target["lng"])
    time.sleep(0.5)
    wait("tiles at zoom 17", "return [...window.roadgeo.tiles.byKey.keys()].some(k => k.startsWith('17/'));")
    time.sleep(0.5)
    # A moderator's repaired section on that road, drawn after refreshing the tiles it invalidated.
    road = http("GET", f"{SERVER}/roads/{urllib.parse.quote(target['road'], safe='')}")
    section = http("POST", f"{SERVER}/sections", {"road_id": road["id"], "from_m": 0, "to_m": road["length_meters"] * 0.4,
                                                  "status": "repaired", "year": 2025, "warranty_until": "2099-06-30",
                                                  "contractor": "Dorstroy"})
    js("return window.roadgeo.tiles.refresh(arguments[0]).then(() => true);", section["invalidated_tiles"])
    wait("the section drawn", "for (const l of window.roadgeo.tiles.byKey.values()) for (const f of l.getLayers()) "
         "if (f.feature && f.feature.properties.kind === 'section') return true; return false;")
    screenshot("map.png")
    point = js("const p = window.roadgeo.map.latLngToContainerPoint([arguments[0], arguments[1]]); return [p.x, p.y];",
               target["lat"], target["lng"])
    first = report_at(point[0] + 20, point[1] - 12, "pothole")
    print("first report:", first["text"].replace("\n", " | "))
    api = http("GET", f"{SERVER}/reports/{first['id']}")
    assert api["status"] == "open" and api["road_id"], api
    assert api["distance_meters"] > 0, api
    on_map = wait("the report drawn from the refreshed tiles",
                  f"return window.roadgeo.tiles.reportIdsOnMap().includes({first['id']});")
    assert on_map
    second = report_at(point[0] + 24, point[1] - 6, "pothole")
    print("second report:", second["text"].replace("\n", " | "))
    assert second["joined"] == "true", second
    assert f"#{first['id']}" in second["text"], second
    api2 = http("GET", f"{SERVER}/reports/{second['id']}")
    assert api2["duplicates"] == [first["id"]], api2
    wait("the duplicate drawn", f"return window.roadgeo.tiles.reportIdsOnMap().includes({second['id']});")
    time.sleep(0.3)
    screenshot("map-after-report.png")
    print(f"PASS: report #{first['id']} snapped to road {api['road_id']} at {api['chainage']} "
          f"({api['distance_meters']} m away), duplicate #{second['id']} merged into group {api2['cluster_id']}; "
          "both drawn on the map and served by the API")
finally:
    http("DELETE", f"{DRIVER}/session/{SESSION}")
