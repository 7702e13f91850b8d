// Runs supercluster (radius 40 of 512, zooms 0-16, as RoadGeo's defaults) on a GeoJSON points file,
// in input order and in a shuffled order, and writes every zoom's clusters for both.
import fs from 'fs';
import Supercluster from './supercluster.mjs';
const [input, output] = process.argv.slice(2);
const points = JSON.parse(fs.readFileSync(input, 'utf8')).features;
function run(features) {
    const index = new Supercluster({radius: 40, extent: 512, minZoom: 0, maxZoom: 16, minPoints: 2});
    const t0 = process.hrtime.bigint();
    index.load(features);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const zooms = {};
    for (let z = 8; z <= 17; z++) {
        zooms[z] = index.getClusters([-180, -85, 180, 85], z).map(f => [f.geometry.coordinates[0], f.geometry.coordinates[1], f.properties.point_count || 1]);
    }
    return {ms, zooms};
}
let seed = 7;
const rand = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const shuffled = points.slice();
for (let i = shuffled.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]]; }
fs.writeFileSync(output, JSON.stringify({inOrder: run(points), shuffled: run(shuffled)}));
