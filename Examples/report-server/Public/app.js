// RoadGeo report map: tiles from /tiles/{z}/{x}/{y}.geojson drawn with L.geoJSON per tile in a GridLayer.
'use strict';

const CATEGORIES = ['pothole', 'crack', 'rutting', 'drainage', 'marking', 'sign', 'lighting', 'other'];
const map = L.map('map', { maxZoom: 19, minZoom: 3, attributionControl: false });
// The roads are OpenStreetMap data, under the ODbL: the map says so (top right, where a phone's
// bottom panel does not cover it).
L.control.attribution({ position: 'topright', prefix: '<a href="https://leafletjs.com">Leaflet</a>' })
  .addAttribution('&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors (ODbL)')
  .addTo(map);
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

function escapeHTML(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

function describe(feature) {
  const p = feature.properties;
  if (p.cluster) return t('zoomIn', { n: p.point_count });
  if (feature.layer === 'reports') {
    return `#${feature.id}: ${escapeHTML(t(p.category))}<br>${t('votes', { n: p.votes })}`
      + `<br><button class="vote" onclick="vote(${feature.id})">${t('vote')}</button>`
      + (moderator ? ` <button class="hide" onclick="hideReport(${feature.id})">${t('hide')}</button>` : '');
  }
  return `${escapeHTML(p.name || t('unnamed', { id: p.road_id }))} (${escapeHTML(p.highway || 'road')})`;
}

// A repair section's popup: cost, contractor, year, warranty and procurement link from GET /roads/{id}
// (the tile carries only what the map colours by), and for a moderator a button to mark it repaired.
async function sectionPopup(feature, latlng) {
  const p = feature.properties;
  const road = await (await fetch(`/roads/${encodeURIComponent(p.road_id)}`)).json();
  const s = (road.sections || []).find((x) => x.id === p.section_id) || {};
  const row = (key, value) => (value === undefined || value === null || value === '' ? ''
    : `<tr><td>${t(key)}</td><td>${value}</td></tr>`);
  const link = s.procurement_url && /^https?:\/\//.test(s.procurement_url)
    ? `<a href="${escapeHTML(s.procurement_url)}" target="_blank" rel="noopener">${escapeHTML(s.procurement_url)}</a>` : null;
  const html = `<div class="section-popup"><b>${t('section', { id: p.section_id })}</b>`
    + `<br>${escapeHTML(road.properties && road.properties.name ? road.properties.name : t('unnamed', { id: p.road_id }))}, `
    + `${escapeHTML(s.from_chainage || '')} – ${escapeHTML(s.to_chainage || '')}<table>`
    + row('status', escapeHTML(p.condition || p.status)) + row('cost', s.cost !== undefined && s.cost !== null ? s.cost.toLocaleString(language) : null)
    + row('contractor', s.contractor ? escapeHTML(s.contractor) : null) + row('year', s.year)
    + row('warrantyUntil', s.warranty_until ? escapeHTML(s.warranty_until) : null) + row('procurement', link) + '</table>'
    + (moderator && s.status !== 'repaired' ? `<button id="mark-repaired" onclick="markRepaired(${p.section_id})">${t('markRepaired')}</button>` : '')
    + '</div>';
  L.popup().setLatLng(latlng).setContent(html).openOn(map);
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
    // Roads are not clickable: a click anywhere on the map (roads included) reports a defect.
    // Repair sections are: a click shows their contract.
    const layer = L.geoJSON(collection, { style: (f) => roadStyle(f.properties), pointToLayer: pointLayer,
      onEachFeature: (f, l) => {
        l.feature = f;
        if (f.properties.kind === 'section') {
          l.on('click', (e) => { L.DomEvent.stopPropagation(e); sectionPopup(f, e.latlng); });
        } else if (f.geometry.type !== 'Point') {
          l.options.interactive = false;
        }
      } });
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

// Shows a message; `render` may be a function so that a language switch re-renders it.
let lastShown = null;
function show(render, isError) {
  lastShown = [render, isError];
  result.textContent = typeof render === 'function' ? render() : render;
  result.className = isError ? 'error' : '';
}

// The citizen token (POST /citizens), kept in local storage: one citizen, one vote per report.
async function citizenToken(renew) {
  let token = localStorage.getItem('roadgeo.citizen');
  if (!token || renew) {
    const response = await fetch('/citizens', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error.message);
    token = body.token;
    localStorage.setItem('roadgeo.citizen', token);
  }
  return token;
}

// POST as the citizen; a rejected token (a new server secret) is replaced once.
async function postAsCitizen(path, payload) {
  for (const renew of [false, true]) {
    const token = await citizenToken(renew);
    const response = await fetch(path, { method: 'POST', body: JSON.stringify(payload),
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` } });
    if (response.status !== 401 || renew) return { response, body: await response.json() };
  }
  throw new Error('unreachable');
}

// Reports that could not be sent (no connection, a 5xx, a 429) are kept in local storage, shown
// under the answer and retried: by the button, when the browser comes back online, and on the next visit.
function pending() { return JSON.parse(localStorage.getItem('roadgeo.pending') || '[]'); }
function savePending(list) { localStorage.setItem('roadgeo.pending', JSON.stringify(list)); showPending(); }

function showPending() {
  const box = document.getElementById('pending');
  box.innerHTML = '';
  pending().forEach((item, i) => {
    const el = document.createElement('div');
    el.className = 'item';
    el.textContent = t('pendingItem', { category: t(item.category), lat: item.lat.toFixed(5), lon: item.lon.toFixed(5), reason: item.reason }) + ' ';
    const retry = document.createElement('button');
    retry.className = 'retry';
    retry.textContent = t('retry');
    retry.addEventListener('click', () => retryPending(i));
    const discard = document.createElement('button');
    discard.textContent = t('discard');
    discard.addEventListener('click', () => savePending(pending().filter((_, k) => k !== i)));
    el.append(retry, ' ', discard);
    box.append(el);
  });
}

async function retryPending(index) {
  const list = pending();
  const item = list[index];
  if (!item) return;
  savePending(list.filter((_, k) => k !== index));
  await submitReport(L.latLng(item.lat, item.lon), item.category);
}

// Sends a photo as evidence: the raw bytes with their type; the server removes the EXIF.
async function uploadPhoto(reportId, file) {
  const token = await citizenToken(false);
  const response = await fetch(`/reports/${reportId}/photos`, { method: 'POST', body: file,
    headers: { 'Content-Type': file.type, Authorization: `Bearer ${token}` } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error.message);
  return body;
}

async function submitReport(latlng, category, photo) {
  map.closePopup();
  let response, body;
  try {
    ({ response, body } = await postAsCitizen('/reports', { lon: latlng.lng, lat: latlng.lat, category }));
  } catch (e) {
    savePending([...pending(), { lat: latlng.lat, lon: latlng.lng, category, reason: t('offline') }]);
    show(() => t('notReported', { message: t('offline') }), true);
    result.dataset.refreshed = 'failed';
    return;
  }
  if (!response.ok) {
    const message = body && body.error ? body.error.message : String(response.status);
    // Worth retrying later: limits and server trouble; a 4xx about the report itself is not.
    if (response.status === 429 || response.status >= 500) {
      savePending([...pending(), { lat: latlng.lat, lon: latlng.lng, category, reason: message }]);
    }
    show(() => t('notReported', { message }), true);
    result.dataset.refreshed = 'failed';
    return;
  }
  const r = body.report;
  window.roadgeo.lastReport = body;
  result.dataset.reportId = r.id;
  result.dataset.clusterId = r.cluster_id ?? '';
  result.dataset.joined = body.joined_existing;
  if (snapLine) snapLine.remove();
  snapLine = L.polyline([latlng, [r.snapped.lat, r.snapped.lon]], { color: '#000', weight: 2, dashArray: '3 4', interactive: false }).addTo(map);
  let roadName = t('unnamed', { id: r.road_id });
  try {
    const road = await (await fetch(`/roads/${encodeURIComponent(r.road_id)}`)).json();
    if (road.properties && road.properties.name) roadName = road.properties.name;
  } catch (e) { /* the id stands in for the name */ }
  result.dataset.roadName = roadName;
  let photoNote = '';
  if (photo) {
    try {
      const uploaded = await uploadPhoto(r.id, photo);
      photoNote = '\n' + t('photoAdded', { n: uploaded.number });
      result.dataset.photo = uploaded.url;
    } catch (e) {
      photoNote = '\n' + t('photoRefused', { message: e.message });
    }
  }
  show(() => t('snapped', { id: r.id, category: t(r.category), road: roadName, chainage: r.chainage, distance: r.distance_meters }) + '\n'
    + (body.joined_existing ? t('merged', { ids: r.duplicates.join(', #') }) : t('fresh'))
    + (r.warranty_sections.length ? '\n' + t('warranty', { id: r.warranty_sections[0].id, contractor: r.warranty_sections[0].contractor || '' }) : '')
    + photoNote);
  await tiles.refresh(body.invalidated_tiles);
  result.dataset.refreshed = 'true';
  updateStats();
}

window.vote = async function (id) {
  let response, body;
  try {
    ({ response, body } = await postAsCitizen(`/reports/${id}/vote`, { value: 1 }));
  } catch (e) {
    show(t('voteRefused', { message: t('offline') }), true);
    return;
  }
  if (!response.ok) { show(t('voteRefused', { message: body.error.message }), true); return; }
  show(() => t('voted', { id, n: body.votes }));
  map.closePopup();
  await tiles.refresh(body.invalidated_tiles);
};

// Moderators: POST /session sets an HttpOnly, SameSite=Strict cookie the page never sees; the
// page only learns who is logged in (GET /session).
let moderator = null;

function showModerator() {
  document.getElementById('login-form').hidden = !!moderator;
  document.getElementById('logged-in').hidden = !moderator;
  document.getElementById('moderator-name').textContent = moderator ? moderator.moderator : '';
  document.getElementById('moderator-summary').textContent = t('moderator') + (moderator ? `: ${moderator.moderator}` : '');
}

async function checkSession() {
  const response = await fetch('/session');
  moderator = response.ok ? await response.json() : null;
  showModerator();
}

document.getElementById('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const response = await fetch('/session', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: document.getElementById('login-name').value, password: document.getElementById('login-password').value }) });
  const body = await response.json();
  document.getElementById('login-password').value = '';
  if (!response.ok) { show(t('loginFailed', { message: body.error.message }), true); return; }
  moderator = body;
  showModerator();
});

document.getElementById('logout').addEventListener('click', async () => {
  await fetch('/session', { method: 'DELETE' });
  moderator = null;
  showModerator();
});

window.hideReport = async function (id) {
  const response = await fetch(`/reports/${id}/hide`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  const body = await response.json();
  if (!response.ok) { show(body.error.message, true); return; }
  map.closePopup();
  show(() => t('hidden', { id }));
  await tiles.refresh(body.invalidated_tiles);
  updateStats();
};

window.markRepaired = async function (id) {
  const response = await fetch(`/sections/${id}/repaired`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  const body = await response.json();
  if (!response.ok) { show(body.error.message, true); return; }
  map.closePopup();
  show(() => t('markedRepaired', { id, n: body.closed_reports.length }));
  result.dataset.repaired = String(id);
  await tiles.refresh(body.invalidated_tiles);
  updateStats();
};

map.on('click', (e) => {
  const form = document.createElement('div');
  form.className = 'report-form';
  form.innerHTML = `<b>${t('reportHere')}</b><br><select id="report-category">`
    + CATEGORIES.map((c) => `<option value="${c}">${t(c)}</option>`).join('') + `</select> <button id="report-submit">${t('report')}</button>`
    + `<br><label>${t('photo')} <input id="report-photo" type="file" accept="image/jpeg,image/png,image/webp"></label>`;
  form.querySelector('button').addEventListener('click',
    () => submitReport(e.latlng, form.querySelector('select').value, form.querySelector('input[type=file]').files[0]));
  L.popup().setLatLng(e.latlng).setContent(form).openOn(map);
});

async function updateStats() {
  const s = await (await fetch('/status')).json();
  document.getElementById('stats').textContent =
    t('stats', { roads: s.roads, open: s.open_reports, groups: s.duplicate_clusters, sections: s.sections });
  return s;
}

applyLanguage();
show(() => t('noReport'));
document.getElementById('language').addEventListener('change', (e) => {
  language = e.target.value;
  localStorage.setItem('roadgeo.language', language);
  applyLanguage();
  if (lastShown) show(...lastShown);
  showModerator();
  showPending();
  updateStats();
});
showPending();
checkSession();
window.addEventListener('online', () => { if (pending().length) retryPending(0); });
if (pending().length && navigator.onLine) retryPending(0);

updateStats().then((s) => {
  const [minLon, minLat, maxLon, maxLat] = s.bounds;
  map.fitBounds([[minLat, minLon], [maxLat, maxLon]]);
});
