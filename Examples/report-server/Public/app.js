// RoadGeo report map: tiles from /tiles/{z}/{x}/{y}.geojson drawn with L.geoJSON per tile in a GridLayer.
'use strict';

const CATEGORIES = ['pothole', 'crack', 'rutting', 'drainage', 'marking', 'sign', 'lighting', 'other'];
const map = L.map('map', { maxZoom: 19, minZoom: 3 });
window.roadgeo = { map, loadedTiles: 0, lastReport: null };

function roadStyle(p) {
  if (p.kind === 'section') {
    const colour = p.condition === 'repaired_under_warranty' ? '#1a9850'
      : p.condition === 'repaired' ? '#4575b4' : '#f46d43';
    return { color: colour, weight: 7, opacity: 0.85, dashArray: p.status === 'repaired' ? null : '8 6' };
  }
  const major = ['motorway', 'trunk', 'primary', 'secondary', 'tertiary'].includes(p.highway);
  return { color: major ? '#666' : '#999', weight: major ? 4 : 2, opacity: 0.9 };
}

function pointLayer(feature, latlng) {
  const p = feature.properties;
  if (p.cluster) {
    const size = Math.min(44, 20 + 4 * Math.log2(p.point_count));
    const cluster = L.marker(latlng, { icon: L.divIcon({ className: '', iconSize: [size, size],
      html: `<div class="cluster-icon">${p.point_count}</div>` }) });
    cluster.on('click', () => map.setView(latlng, Math.min(map.getZoom() + 2, 19)));
    return cluster;
  }
  const marker = L.circleMarker(latlng, { radius: 6 + Math.min(6, Math.max(0, p.votes)), color: '#fff', weight: 2,
    fillColor: '#d73027', fillOpacity: 0.9 });
  marker.reportId = feature.id;
  marker.bindPopup(() => describe(feature));
  return marker;
}

function describe(feature) {
  const p = feature.properties;
  if (p.cluster) return `${p.point_count} reports (zoom in)`;
  if (p.kind === 'report') {
    return `Report #${feature.id}: ${p.category}<br>votes ${p.votes}`
      + `<br><button onclick="vote(${feature.id})">+1</button>`;
  }
  if (p.kind === 'section') {
    return `Section #${p.section_id} on road ${p.road_id}: ${p.status}` + (p.repair_year ? ` ${p.repair_year}` : '')
      + (p.contractor ? `<br>${p.contractor}` : '') + (p.warranty_until ? `<br>warranty until ${p.warranty_until}` : '');
  }
  return `Road ${p.road_id}${p.name ? ': ' + p.name : ''} (${p.highway || 'road'})`;
}

// One L.geoJSON per tile, added to the map when the tile loads and removed when it unloads.
const GeoJSONTiles = L.GridLayer.extend({
  initialize(options) { L.GridLayer.prototype.initialize.call(this, options); this.byKey = new Map(); },
  createTile(coords, done) {
    const el = document.createElement('div');
    this.fetchTile(coords).then(() => done(null, el), (e) => done(e, el));
    return el;
  },
  async fetchTile(coords) {
    const key = `${coords.z}/${coords.x}/${coords.y}`;
    const response = await fetch(`/tiles/${key}.geojson`);
    if (!response.ok) throw new Error(`tile ${key}: ${response.status}`);
    const collection = await response.json();
    // Roads and sections are not clickable: a click anywhere on the map (roads included) reports a defect.
    const layer = L.geoJSON(collection, { interactive: false, style: (f) => roadStyle(f.properties),
      pointToLayer: pointLayer, onEachFeature: (f, l) => { l.feature = f; } });
    const old = this.byKey.get(key);
    if (old) old.remove();
    this.byKey.set(key, layer);
    layer.addTo(map);
    window.roadgeo.loadedTiles += 1;
  },
  // Re-fetch the tiles a change invalidated, when they are on screen.
  refresh(keys) {
    return Promise.all(keys.filter((k) => this.byKey.has(k)).map((k) => {
      const [z, x, y] = k.split('/').map(Number);
      return this.fetchTile({ z, x, y });
    }));
  },
  reportIdsOnMap() {
    const ids = [];
    for (const layer of this.byKey.values()) layer.eachLayer((l) => { if (l.reportId !== undefined) ids.push(l.reportId); });
    return ids;
  },
});
const tiles = new GeoJSONTiles({ tileSize: 256, maxZoom: 19 });
tiles.on('tileunload', (e) => {
  const key = `${e.coords.z}/${e.coords.x}/${e.coords.y}`;
  const layer = tiles.byKey.get(key);
  if (layer) { layer.remove(); tiles.byKey.delete(key); }
});
tiles.addTo(map);
window.roadgeo.tiles = tiles;

const result = document.getElementById('result');
let snapLine = null;

function show(text, isError) {
  result.textContent = text;
  result.className = isError ? 'error' : '';
}

async function submitReport(latlng, category) {
  map.closePopup();
  const response = await fetch('/reports', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ lon: latlng.lng, lat: latlng.lat, category }) });
  const body = await response.json();
  if (!response.ok) { show(`Not reported: ${body.error.message}`, true); return; }
  const r = body.report;
  window.roadgeo.lastReport = body;
  result.dataset.reportId = r.id;
  result.dataset.clusterId = r.cluster_id ?? '';
  result.dataset.joined = body.joined_existing;
  if (snapLine) snapLine.remove();
  snapLine = L.polyline([latlng, [r.snapped.lat, r.snapped.lon]], { color: '#000', weight: 2, dashArray: '3 4', interactive: false }).addTo(map);
  show(`Report #${r.id} (${r.category}) snapped to road ${r.road_id} at chainage ${r.chainage}, `
    + `${r.distance_meters} m from the tap.\n`
    + (body.joined_existing
      ? `Merged with duplicate report(s) #${r.duplicates.join(', #')} (group ${r.cluster_id}).`
      : 'No duplicate nearby: a new report.')
    + (r.warranty_sections.length ? `\nUnder warranty: section #${r.warranty_sections[0].id} (${r.warranty_sections[0].contractor || 'contractor'}).` : '')
    + `\n${body.invalidated_tiles.length} tiles invalidated.`);
  await tiles.refresh(body.invalidated_tiles);
  result.dataset.refreshed = 'true';
  updateStats();
}

window.vote = async function (id) {
  const response = await fetch(`/reports/${id}/vote`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ voter: 'browser-' + Math.random().toString(36).slice(2), value: 1 }) });
  const body = await response.json();
  if (!response.ok) { show(`Vote refused: ${body.error.message}`, true); return; }
  show(`Report #${id} now has ${body.votes} vote(s).`);
  map.closePopup();
  await tiles.refresh(body.invalidated_tiles);
};

map.on('click', (e) => {
  const form = document.createElement('div');
  form.className = 'report-form';
  form.innerHTML = `<b>Report a defect here</b><br><select id="report-category">`
    + CATEGORIES.map((c) => `<option>${c}</option>`).join('') + `</select> <button id="report-submit">Report</button>`;
  form.querySelector('button').addEventListener('click', () => submitReport(e.latlng, form.querySelector('select').value));
  L.popup().setLatLng(e.latlng).setContent(form).openOn(map);
});

async function updateStats() {
  const s = await (await fetch('/status')).json();
  document.getElementById('stats').textContent =
    `${s.roads} roads, ${s.open_reports} open reports in ${s.duplicate_clusters} duplicate groups, ${s.sections} sections.`;
  return s;
}

updateStats().then((s) => {
  const [minLon, minLat, maxLon, maxLat] = s.bounds;
  map.fitBounds([[minLat, minLon], [maxLat, maxLon]]);
});
