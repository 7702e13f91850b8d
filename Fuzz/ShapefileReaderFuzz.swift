// libFuzzer target: the shapefile reader, DBF reader and importer over a .shp, .shx, .dbf,
// .prj and .cpg written together.
//
// The input is a small container (see `FuzzContainer`): one flag byte saying which of the
// optional files are present, then each file as a little-endian UInt32 length and its bytes
// (a length past the end takes what is left); the top bit of the flag byte lets the importer
// read the .prj. The files go to a per-process temporary folder
// because the readers memory-map paths. Build and run with `scripts/fuzz.sh shapefile SECONDS`.
import Foundation
import RoadGeo

private let folder: String = {
    let dir = NSTemporaryDirectory() + "roadgeo-fuzz-shp-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func shapefileReaderFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let files = FuzzContainer.split(UnsafeRawBufferPointer(start: data, count: size))
    let base = folder + "/fuzz"
    for (i, ext) in FuzzContainer.extensions.enumerated() {
        let path = base + "." + ext
        if let bytes = files[i] {
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        } else {
            try? FileManager.default.removeItem(atPath: path)
        }
    }
    let shpPath = base + ".shp"
    for useIndex in [true, false] {
        guard let shp = try? ShapefileReader(path: shpPath, useIndex: useIndex) else { continue }
        for i in 0..<shp.recordCount {
            guard let r = try? shp.record(at: i) else { continue }
            for p in 0..<r.partCount { _ = r.pointRange(ofPart: p) }
        }
    }
    if let dbf = try? DBFReader(path: base + ".dbf") {
        for i in 0..<dbf.recordCount {
            _ = dbf.isDeleted(i)
            _ = dbf.record(at: i)
        }
        if let first = dbf.fields.first { _ = dbf.fieldIndex(named: first.name) }
    }
    // The importer hands a .prj to PROJ, whose set-up (an SQLite look-up in proj.db) costs
    // ~100 times the rest of an input; so it sees the .prj only when the flag byte's top bit
    // is set, and otherwise imports without it (lon/lat extents need none).
    if size > 0 && data[0] & 0x80 == 0 { try? FileManager.default.removeItem(atPath: base + ".prj") }
    _ = try? ShapefileImport(path: shpPath)
    return 0
}
