import Testing
@testable import RoadGeo

@Suite("GeoJSON summary")
struct GeoJSONSummaryTests {
    @Test("counts geometry types, positions, bbox, property presence and a legacy crs")
    func summary() throws {
        let text = """
        {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"features":[
         {"type":"Feature","properties":{"name":"a","lanes":2},"geometry":{"type":"LineString","coordinates":[[74.5,42.8],[74.6,42.9]]}},
         {"type":"Feature","properties":{"name":null,"ref":"M-39"},"geometry":{"type":"LineString","coordinates":[]}},
         {"type":"Feature","properties":{"lanes":"2"},"geometry":{"type":"Point","coordinates":[74.7,42.7]}},
         {"type":"Feature","properties":null,"geometry":null}]}
        """
        let s = GeoJSONSummary(try GeoJSONReader().parse(text))
        #expect(s.documentType == "FeatureCollection")
        #expect(s.featureCount == 4)
        #expect(s.geometryTypes.map(\.name) == ["LineString", "Point", "null"])
        #expect(s.geometryTypes.map(\.count) == [2, 1, 1])
        #expect(s.positionCount == 3)
        #expect(s.emptyGeometryCount == 1)
        #expect(s.boundingBox == BoundingBox(minX: 74.5, minY: 42.7, maxX: 74.7, maxY: 42.9))
        #expect(s.properties == [
            .init(name: "name", present: 2, nonNull: 1, types: ["string"]),
            .init(name: "lanes", present: 2, nonNull: 2, types: ["number", "string"]),
            .init(name: "ref", present: 1, nonNull: 1, types: ["string"]),
        ])
        #expect(s.crs == "EPSG:4326")
        #expect(s.legacyCRS == "urn:ogc:def:crs:OGC:1.3:CRS84")
    }

    @Test("the Moscow file: 588 LineStrings, 14 properties, bbox from the positions")
    func moscow() throws {
        let doc = try GeoJSONReader().read(contentsOf: Fixtures.data("moscow_roads.geojson"))
        let s = GeoJSONSummary(doc)
        #expect(s.featureCount == 588 && s.geometryCounts == ["LineString": 588])
        #expect(s.properties.count == 14 && s.properties[0].name == "osm_id" && s.properties[2].nonNull == 115)
        var box = BoundingBox.empty
        for f in doc.features { f.geometry?.forEachPosition { box.extend($0) } }
        #expect(s.boundingBox == box && s.legacyCRS == nil)
    }
}
