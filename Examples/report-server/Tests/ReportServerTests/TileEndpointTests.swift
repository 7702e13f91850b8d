import Foundation
import HummingbirdTesting
import RoadGeo
import Testing
@testable import ReportServer

@Suite("GET /tiles")
struct TileEndpointTests {
    @Test("a tile over the network has roads, an ETag, no-cache, and a 304 on If-None-Match")
    func roadsAndCaching() async throws {
        let engine = try makeEngine()
        let centre = moscow.roads[testRoad].line.coordinate(atMeasure: 100)
        let id = try TileID.containing(centre, zoom: 15)
        try await withServer(engine) { client in
            let first = try await client.json(.get, "/tiles/\(id).geojson")
            #expect(first.status == .ok)
            #expect(first.headers[.contentType] == "application/geo+json")
            #expect(first.headers[.cacheControl] == "public, no-cache")
            let etag = try #require(first.headers[.eTag])
            #expect(first["type"] as? String == "FeatureCollection")
            let roads = features(first).filter { ($0["properties"] as? [String: Any])?["kind"] as? String == "road" }
            #expect(roads.contains { $0["id"] as? String == moscow.roads[testRoad].id })
            // Same bytes, same tag; the tag names the content.
            let again = try await client.json(.get, "/tiles/\(id).geojson")
            #expect(again.headers[.eTag] == etag)
            #expect(again.text == first.text)
            #expect(ReportEngine.etag(Array(first.text.utf8)) == etag)
            let cached = try await client.json(.get, "/tiles/\(id).geojson", headers: [.ifNoneMatch: "\"0000\", W/\(etag)"])
            #expect(cached.status == .notModified)
            #expect(cached.text.isEmpty)
            let stale = try await client.json(.get, "/tiles/\(id).geojson", headers: [.ifNoneMatch: "\"0000000000000000\""])
            #expect(stale.status == .ok)
        }
    }

    @Test("a report changes the ETag of its tile, which the answer lists; a far tile keeps its ETag")
    func invalidation() async throws {
        let engine = try makeEngine()
        let (p, snap) = tap(road: testRoad, measure: 150, offset: 6)
        let near = try TileID.containing(snap.coordinate, zoom: 18)
        let far = try TileID.containing(moscow.roads[testRoad].line.coordinate(atMeasure: 150), zoom: 9)
        let farAway = TileID(uncheckedZ: 18, x: (near.x + 40) % (1 << 18), y: near.y)
        try await withServer(engine) { client in
            let before = try await client.json(.get, "/tiles/\(near).geojson")
            let farBefore = try await client.json(.get, "/tiles/\(farAway).geojson")
            let posted = try await client.postReport(lon: p.longitude, lat: p.latitude)
            #expect(posted.status == .created)
            let listed = posted["invalidated_tiles"] as? [String] ?? []
            #expect(listed.contains(near.description))
            #expect(listed.contains(far.description))
            #expect(!listed.contains(farAway.description))
            let after = try await client.json(.get, "/tiles/\(near).geojson", headers: [.ifNoneMatch: before.headers[.eTag] ?? ""])
            #expect(after.status == .ok)
            #expect(after.headers[.eTag] != before.headers[.eTag])
            // Reports are the "reports" layer's features without "cluster" (the layer member says where each came from).
            let report = features(after).first { $0["layer"] as? String == "reports" && ($0["properties"] as? [String: Any])?["cluster"] == nil }
            let id = (posted["report"] as? [String: Any])?["id"] as? Int
            #expect(report?["id"] as? Int == id)
            let farAfter = try await client.json(.get, "/tiles/\(farAway).geojson")
            #expect(farAfter.headers[.eTag] == farBefore.headers[.eTag])
        }
    }

    @Test("close reports are one cluster at low zoom and single reports at high zoom")
    func clustersByZoom() async throws {
        let engine = try makeEngine()
        try await withServer(engine) { client in
            for (m, category) in [(100.0, "pothole"), (130, "crack"), (160, "sign")] {
                let (p, _) = tap(road: testRoad, measure: m, offset: 3)
                #expect(try await client.postReport(lon: p.longitude, lat: p.latitude, category: category).status == .created)
            }
            let c = tap(road: testRoad, measure: 130, offset: 0).snap.coordinate
            let low = try await client.json(.get, "/tiles/\(try TileID.containing(c, zoom: 11)).geojson")
            let clusters = features(low).compactMap { $0["properties"] as? [String: Any] }.filter { $0["cluster"] as? Bool == true }
            #expect(clusters.count == 1)
            #expect(clusters.first?["point_count"] as? Int == 3)
            let high = try await client.json(.get, "/tiles/\(try TileID.containing(c, zoom: 19)).geojson")
            let singles = features(high).filter { $0["layer"] as? String == "reports" }.compactMap { $0["properties"] as? [String: Any] }
            #expect(!singles.isEmpty)
            #expect(singles.allSatisfy { $0["cluster"] == nil })
        }
    }

    @Test("an MVT tile has the roads layer, its ETag and 304; gzip when accepted, with its own ETag")
    func vectorTiles() async throws {
        let engine = try makeEngine()
        let centre = moscow.roads[testRoad].line.coordinate(atMeasure: 100)
        let id = try TileID.containing(centre, zoom: 15)
        try await withServer(engine) { client in
            let plain = try await client.raw.bytes("/tiles/\(id).mvt")
            #expect(plain.status == .ok)
            #expect(plain.headers[.contentType] == "application/vnd.mapbox-vector-tile")
            #expect(plain.headers[.contentEncoding] == nil)
            #expect(plain.headers[.vary] == "Accept-Encoding")
            let etag = try #require(plain.headers[.eTag])
            #expect(ReportEngine.etag(plain.body) == etag)
            // The same tile the library writes from the same layers.
            let expected = engine.live.read { $0.layers.vectorTile(id) }
            #expect(plain.body == expected.bytes)
            #expect(try mvtLayers(plain.body).contains { $0.name == "roads" && $0.features > 0 })
            let notModified = try await client.raw.bytes("/tiles/\(id).mvt", headers: [.ifNoneMatch: etag])
            #expect(notModified.status == .notModified && notModified.body.isEmpty)

            let packed = try await client.raw.bytes("/tiles/\(id).mvt", headers: [.acceptEncoding: "br;q=1.0, gzip;q=0.8"])
            #expect(packed.status == .ok)
            #expect(packed.headers[.contentEncoding] == "gzip")
            let gzipTag = try #require(packed.headers[.eTag])
            #expect(gzipTag != etag && gzipTag.hasSuffix("-gzip\""))
            #expect(try Gzip.decompress(packed.body, limit: 1 << 24) == plain.body)
            let packed304 = try await client.raw.bytes("/tiles/\(id).mvt", headers: [.acceptEncoding: "gzip", .ifNoneMatch: gzipTag])
            #expect(packed304.status == .notModified)
            let refused = try await client.raw.bytes("/tiles/\(id).mvt", headers: [.acceptEncoding: "gzip;q=0, identity"])
            #expect(refused.headers[.contentEncoding] == nil && refused.body == plain.body)

            // A report changes the MVT tile's ETag and puts it in the reports layer.
            let (p, snap) = tap(road: testRoad, measure: 150, offset: 6)
            let near = try TileID.containing(snap.coordinate, zoom: 18)
            let before = try await client.raw.bytes("/tiles/\(near).mvt")
            #expect(try await client.postReport(lon: p.longitude, lat: p.latitude).status == .created)
            let after = try await client.raw.bytes("/tiles/\(near).mvt", headers: [.ifNoneMatch: before.headers[.eTag] ?? ""])
            #expect(after.status == .ok && after.headers[.eTag] != before.headers[.eTag])
            #expect(try mvtLayers(after.body).contains { $0.name == "reports" && $0.features == 1 })
            #expect(try !mvtLayers(before.body).contains { $0.name == "reports" })
        }
    }

    @Test("/tiles.json is TileJSON 3.0 naming the MVT endpoint, zooms, bounds and the three layers")
    func tileJSON() async throws {
        let engine = try makeEngine()
        try await withServer(engine) { client in
            let answer = try await client.json(.get, "/tiles.json")
            #expect(answer.status == .ok)
            #expect(answer.headers[.contentType] == "application/json")
            #expect(answer["tilejson"] as? String == "3.0.0")
            let tiles = answer["tiles"] as? [String] ?? []
            #expect(tiles.count == 1 && tiles[0].hasSuffix("/tiles/{z}/{x}/{y}.mvt") && tiles[0].hasPrefix("http://"))
            #expect(answer["minzoom"] as? Int == 0 && answer["maxzoom"] as? Int == engine.settings.maxTileZoom)
            let bounds = answer["bounds"] as? [Double] ?? []
            #expect(bounds.count == 4 && abs(bounds[0] - engine.bounds[0]) < 1e-3 && abs(bounds[3] - engine.bounds[3]) < 1e-3)
            let layers = (answer["vector_layers"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(layers == ["roads", "sections", "reports"])
        }
    }

    @Test("bad tile addresses are 400 with a JSON error", arguments: [
        "/tiles/25/0/0.geojson", "/tiles/21/0/0.geojson", "/tiles/3/8/0.geojson", "/tiles/3/0/-1.geojson",
        "/tiles/a/b/c.geojson", "/tiles/1/0/0.png", "/tiles/1/0/0", "/tiles/99999999999999999999/0/0.geojson",
        "/tiles/3/8/0.mvt", "/tiles/21/0/0.mvt", "/tiles/1/0/x.mvt",
    ])
    func badTiles(uri: String) async throws {
        let engine = try makeEngine()
        try await withServer(engine) { client in
            let answer = try await client.json(.get, uri)
            #expect(answer.status == .badRequest)
            #expect(answer.errorMessage?.contains("tile") == true)
        }
    }
}
