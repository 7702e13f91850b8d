// libFuzzer target: the GeoJSON reader and what consumes its documents.
//
// Any byte string must either parse or throw GeoJSONError; a parsed document must survive the
// road extraction, the summary, the tile feature conversion and the writer without trapping.
// Build and run with `scripts/fuzz.sh geojson SECONDS`.
import RoadGeo

@_cdecl("LLVMFuzzerTestOneInput")
public func geoJSONReaderFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let reader = GeoJSONReader(maximumFileBytes: 1 << 20, maximumDepth: 64)
    guard let document = try? reader.parse(bytes, path: "fuzz.geojson") else { return 0 }
    _ = GeoJSONSummary(document)
    if let roads = try? document.roads(skippingDegenerate: true, path: "fuzz.geojson") {
        var total = 0.0
        for road in roads { total += road.line.parts.reduce(0) { $0 + $1.lengthMeters } }
        precondition(!total.isNaN, "a validated road has a NaN length")
    }
    _ = try? TileFeature.features(from: document, skippingInvalid: true)
    if let encoded = try? GeoJSONWriter(coordinatePrecision: nil).encode(document) {
        // What the writer emits must be readable again.
        do { _ = try reader.parse(encoded, path: "fuzz-roundtrip.geojson") } catch {
            if error.kind != .fileTooLarge && error.kind != .tooDeep {
                preconditionFailure("writer output does not parse again: \(error)")
            }
        }
    }
    return 0
}
