#!/usr/bin/env python3
"""Drives headless Chromium through chromedriver's W3C WebDriver API (plain HTTP, stdlib only; the
driver speaks the DevTools protocol to the browser) on a 390x844 phone viewport: checks the layout
(full-screen map, bottom panel at most 40% of the height, OpenStreetMap attribution), reports a
defect as a citizen (the page gets its own citizen token) and a duplicate next to it, loses a
submission to a dropped connection and retries it, switches the language, logs in as a moderator,
opens a repair section's popup and marks it repaired. Screenshots at each step; every result is
also checked through the API. Exits non-zero on any failure."""
import base64
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

SERVER, DRIVER, OUT = sys.argv[1], sys.argv[2], sys.argv[3]
MODERATOR, PASSWORD = sys.argv[4], sys.argv[5]


def http(method, url, body=None, token=None):
    data = None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
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


def report_at(x, y, category, photo=None):
    js("document.getElementById('result').dataset.refreshed = '';")
    click_map(x, y)
    wait("the report form", "return document.getElementById('report-submit') !== null;")
    if photo:
        file_input = list(wd("POST", "/element", {"using": "css selector", "value": "#report-photo"}).values())[0]
        wd("POST", f"/element/{file_input}/value", {"text": photo})
    select = wd("POST", "/element", {"using": "css selector", "value": "#report-category"})
    element = list(select.values())[0]
    js("arguments[0].value = arguments[1];", {"element-6066-11e4-a52e-4f735a46c4f6": element}, category)
    button = list(wd("POST", "/element", {"using": "css selector", "value": "#report-submit"}).values())[0]
    wd("POST", f"/element/{button}/click", {})
    wait("the report answer and tile refresh", "return document.getElementById('result').dataset.refreshed === 'true';")
    return js("const r = document.getElementById('result'); return {id: Number(r.dataset.reportId), "
              "joined: r.dataset.joined, text: r.textContent};")


def element(css):
    return {"element-6066-11e4-a52e-4f735a46c4f6": list(wd("POST", "/element", {"using": "css selector", "value": css}).values())[0]}


def click(css):
    wd("POST", f"/element/{element(css)['element-6066-11e4-a52e-4f735a46c4f6']}/click", {})


caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
    "binary": "/usr/bin/chromium",
    # Headless windows are at least 500 px wide: the phone viewport is DevTools device-metrics emulation.
    "mobileEmulation": {"deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 1.0, "touch": False}},
    "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=500,900",
             "--lang=en-US"]}}}}
SESSION = http("POST", f"{DRIVER}/session", caps)["value"]["sessionId"]
try:
    wd("POST", "/url", {"url": SERVER + "/"})
    wait("Leaflet and the first tiles", "return window.roadgeo && window.roadgeo.loadedTiles > 0;")
    layout = js("""const m = document.getElementById('map').getBoundingClientRect();
                   const p = document.getElementById('panel').getBoundingClientRect();
                   return {w: innerWidth, h: innerHeight, mapW: m.width, mapH: m.height, panelH: p.height, panelTop: p.top,
                           attribution: document.querySelector('.leaflet-control-attribution').textContent};""")
    print("layout:", layout)
    assert layout["w"] == 390, layout
    assert layout["mapW"] >= 389 and layout["mapH"] >= layout["h"] - 1, f"the map must fill the phone screen: {layout}"
    assert layout["panelH"] <= 0.4 * layout["h"] + 1, f"the panel must take at most 40% of the height: {layout}"
    assert "OpenStreetMap" in layout["attribution"] and "ODbL" in layout["attribution"], layout
    # A named secondary or tertiary road near the middle of the network.
    target = wait("a named road on the map", """
        for (const layer of window.roadgeo.tiles.byKey.values()) {
          for (const l of layer.getLayers()) {
            const p = l.feature && l.feature.properties;
            if (p && p.kind === 'road' && p.name && ['secondary', 'tertiary'].includes(p.highway)) {
              const ll = l.getLatLngs(); const pts = Array.isArray(ll[0]) ? ll[0] : ll;
              if (pts.length >= 2) {
                const a = pts[0], b = pts[1];
                return {lat: (a.lat + b.lat) / 2, lng: (a.lng + b.lng) / 2, road: p.road_id, name: p.name};
              }
            }
          }
        }
        return null;""")
    # A moderator (API client, bearer token) plans a repair section on the far part of that road.
    login = http("POST", f"{SERVER}/session", {"name": MODERATOR, "password": PASSWORD})
    road = http("GET", f"{SERVER}/roads/{urllib.parse.quote(target['road'], safe='')}")
    length = road["length_meters"]
    section = http("POST", f"{SERVER}/sections", {
        "road_id": road["id"], "from_m": length * 0.55, "to_m": length * 0.95, "status": "in_progress", "year": 2026,
        "warranty_until": "2031-06-30", "contractor": "ОсОО Жолкурулуш", "cost": 12500000,
        "procurement_url": "https://zakupki.okmot.kg/popp/view/order/view.xhtml?id=123"}, token=login["token"])
    section_id = section["section"]["id"]
    js("window.roadgeo.map.setView([arguments[0], arguments[1]], 17, {animate: false});", target["lat"], target["lng"])
    time.sleep(0.5)
    wait("tiles at zoom 17", "return [...window.roadgeo.tiles.byKey.keys()].some(k => k.startsWith('17/'));")
    time.sleep(0.5)
    screenshot("phone-map.png")

    point = js("const p = window.roadgeo.map.latLngToContainerPoint([arguments[0], arguments[1]]); return [p.x, p.y];",
               target["lat"], target["lng"])
    photo = os.path.abspath("Tests/ReportServerTests/Fixtures/exif-samples/DSCN0010.jpg")
    first = report_at(point[0] + 14, point[1] - 10, "pothole", photo)
    print("first report:", first["text"].replace("\n", " | "))
    api = http("GET", f"{SERVER}/reports/{first['id']}")
    assert api["status"] == "open" and api["road_id"], api
    snapped_road = http("GET", f"{SERVER}/roads/{urllib.parse.quote(api['road_id'], safe='')}")
    name = snapped_road["properties"].get("name") or f"road {api['road_id']}"
    assert name in first["text"], f"the answer names the road ({name}): {first['text']}"
    photos = http("GET", f"{SERVER}/reports/{first['id']}/photos")["photos"]
    assert len(photos) == 1 and abs(photos[0]["gps"]["lat"] - 43.4674483) < 1e-6, photos
    assert "Photo 1 attached" in first["text"], first["text"]
    assert js("return localStorage.getItem('roadgeo.citizen') || '';").startswith("c1."), "the citizen token is kept"
    wait("the report drawn from the refreshed tiles", f"return window.roadgeo.tiles.reportIdsOnMap().includes({first['id']});")
    second = report_at(point[0] + 18, point[1] - 4, "pothole")
    print("second report:", second["text"].replace("\n", " | "))
    assert second["joined"] == "true" and f"#{first['id']}" in second["text"], second
    assert http("GET", f"{SERVER}/reports/{second['id']}")["duplicates"] == [first["id"]]
    time.sleep(0.3)
    screenshot("phone-after-report.png")

    # A submission lost to a dropped connection is kept, shown and retried.
    before = http("GET", f"{SERVER}/status")["reports"]
    js("""window.__fetch = window.fetch;
          window.fetch = (u, o) => (String(u) === '/reports' && o && o.method === 'POST')
            ? Promise.reject(new TypeError('Failed to fetch')) : window.__fetch(u, o);""")
    js("document.getElementById('result').dataset.refreshed = '';")
    click_map(point[0] + 40, point[1] + 30)
    wait("the report form", "return document.getElementById('report-submit') !== null;")
    click("#report-submit")
    wait("the failure shown", "return document.getElementById('result').dataset.refreshed === 'failed';")
    assert js("return document.querySelectorAll('#pending .item').length;") == 1
    assert js("return JSON.parse(localStorage.getItem('roadgeo.pending')).length;") == 1
    screenshot("phone-pending.png")
    js("window.fetch = window.__fetch;")
    click("#pending .retry")
    wait("the retried report", "return document.getElementById('result').dataset.refreshed === 'true';")
    assert js("return document.querySelectorAll('#pending .item').length;") == 0
    assert http("GET", f"{SERVER}/status")["reports"] == before + 1

    # Russian and Kyrgyz beside English.
    for lang, word in [("ru", "Модератор"), ("ky", "Модератор")]:
        js("const s = document.getElementById('language'); s.value = arguments[0]; s.dispatchEvent(new Event('change'));", lang)
        title = js("return document.querySelector('[data-i18n=title]').textContent;")
        assert title != "RoadGeo road reports" and js("return document.documentElement.lang;") == lang, title
        assert word in js("return document.getElementById('moderator-summary').textContent;")
    screenshot("phone-kyrgyz.png")
    js("const s = document.getElementById('language'); s.value = 'en'; s.dispatchEvent(new Event('change'));")

    # A moderator logs in on the page and marks the section repaired from its popup.
    js("document.getElementById('moderator').open = true;")
    wd("POST", f"/element/{element('#login-name')['element-6066-11e4-a52e-4f735a46c4f6']}/value", {"text": MODERATOR})
    wd("POST", f"/element/{element('#login-password')['element-6066-11e4-a52e-4f735a46c4f6']}/value", {"text": PASSWORD})
    click("#login-submit")
    wait("logged in", "return !document.getElementById('logged-in').hidden;")
    js("document.getElementById('moderator').open = false;")
    # The moderator hides a report from its popup: it leaves the map and the public API.
    retried = max(i for i in range(1, http("GET", f"{SERVER}/status")["reports"] + 1)
                  if http("GET", f"{SERVER}/reports/{i}")["status"] == "open")
    snapped = http("GET", f"{SERVER}/reports/{retried}")["snapped"]
    js("window.roadgeo.map.setView([arguments[0], arguments[1]], 18, {animate: false});", snapped["lat"], snapped["lon"])
    wait("the report drawn", f"return window.roadgeo.tiles.reportIdsOnMap().includes({retried});")
    time.sleep(0.5)
    spot = js("const p = window.roadgeo.map.latLngToContainerPoint([arguments[0], arguments[1]]); return [p.x, p.y];",
              snapped["lat"], snapped["lon"])
    click_map(spot[0], spot[1])
    wait("the report popup with Hide", "return document.querySelector('button.hide') !== null;")
    click("button.hide")
    wait("the report gone from the map", f"return !window.roadgeo.tiles.reportIdsOnMap().includes({retried});")
    try:
        http("GET", f"{SERVER}/reports/{retried}")
        raise SystemExit(f"FAIL: hidden report #{retried} still public")
    except urllib.error.HTTPError as e:
        assert e.code == 404, e.code
    assert http("GET", f"{SERVER}/audit", token=login["token"])["entries"][0]["action"] == "report.hide"
    mid = wait("the section drawn", """
        for (const layer of window.roadgeo.tiles.byKey.values()) for (const l of layer.getLayers())
          if (l.feature && l.feature.properties.kind === 'section' && l.feature.properties.section_id === arguments[0]) {
            const ll = l.getLatLngs(); const pts = Array.isArray(ll[0]) ? ll[0] : ll;
            const a = pts[Math.floor((pts.length - 1) / 2)], b = pts[Math.floor((pts.length - 1) / 2) + 1] || a;
            return {lat: (a.lat + b.lat) / 2, lng: (a.lng + b.lng) / 2};
          }
        return null;""".replace("arguments[0]", str(section_id)))
    js("window.roadgeo.map.setView([arguments[0], arguments[1]], 17, {animate: false});", mid["lat"], mid["lng"])
    time.sleep(1.0)
    wait("tiles around the section", "return [...window.roadgeo.tiles.byKey.keys()].some(k => k.startsWith('17/'));")
    spot = js("const p = window.roadgeo.map.latLngToContainerPoint([arguments[0], arguments[1]]); return [p.x, p.y];",
              mid["lat"], mid["lng"])
    click_map(spot[0], spot[1])
    wait("the section popup", "return document.getElementById('mark-repaired') !== null;")
    popup = js("return document.querySelector('.section-popup').textContent;")
    print("section popup:", popup)
    time.sleep(0.5)   # the popup's fade-in
    assert "12" in popup and "Жолкурулуш" in popup and "2031-06-30" in popup and "zakupki" in popup, popup
    screenshot("phone-section-popup.png")
    click("#mark-repaired")
    wait("the section marked repaired", f"return document.getElementById('result').dataset.repaired === '{section_id}';")
    road_after = http("GET", f"{SERVER}/roads/{urllib.parse.quote(target['road'], safe='')}")
    assert [s["status"] for s in road_after["sections"] if s["id"] == section_id] == ["repaired"], road_after["sections"]
    audit = http("GET", f"{SERVER}/audit", token=login["token"])["entries"]
    assert audit[0]["action"] == "section.repaired" and audit[0]["moderator"] == MODERATOR, audit[0]
    time.sleep(0.5)
    screenshot("phone-repaired.png")
    print(f"PASS: on a 390x844 phone a citizen reported #{first['id']} with a photo on {name} and its duplicate "
          f"#{second['id']}, a lost submission was kept and retried, the page spoke Russian and Kyrgyz, and "
          f"moderator {MODERATOR} marked section #{section_id} repaired and hid report #{retried} (audited)")
finally:
    http("DELETE", f"{DRIVER}/session/{SESSION}")
