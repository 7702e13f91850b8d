// libFuzzer target: the DBF reader with its memo file and .cpg: header layouts (dBase III to
// 7, FoxPro, Visual FoxPro with _NullFlags), every field type, memo block look-ups in .dbt
// (dBase III and IV) and .fpt files, and the code-page detector over the text.
//
// The input is a `FuzzContainer` of three files: the .dbf, then (flag bit 0) the memo file
// and (flag bit 1) the .cpg; flag bit 6 makes the memo an .fpt instead of a .dbt. The files go
// to a per-process temporary folder because the reader memory-maps paths. Build and run with
// `scripts/fuzz.sh dbf SECONDS`.
import Foundation
import RoadGeo

private let folder: String = {
    let dir = NSTemporaryDirectory() + "roadgeo-fuzz-dbf-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func dbfMemoFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let files = FuzzContainer.split(UnsafeRawBufferPointer(start: data, count: size), files: 3)
    let base = folder + "/fuzz"
    let fpt = size > 0 && data[0] & 0x40 != 0
    for ext in ["dbf", "dbt", "fpt", "cpg"] { try? FileManager.default.removeItem(atPath: base + "." + ext) }
    let paths = [base + ".dbf", base + (fpt ? ".fpt" : ".dbt"), base + ".cpg"]
    for (bytes, path) in zip(files, paths) {
        if let bytes { _ = FileManager.default.createFile(atPath: path, contents: Data(bytes)) }
    }
    guard let dbf = try? DBFReader(path: paths[0]) else { return 0 }
    var values: [JSONValue] = []
    for i in 0..<dbf.recordCount {
        _ = dbf.isDeleted(i)
        _ = dbf.read(at: i, into: &values)
        precondition(values.count == dbf.fields.count, "one value per field")
    }
    for f in dbf.fields { _ = dbf.fieldIndex(named: f.name) }
    // The detector on its own, over the raw bytes (any byte sequence is a sample).
    var sample = CodePageDetector.Sample()
    sample.add(UnsafeBufferPointer(start: data, count: size))
    if let guess = CodePageDetector.detect(sample) {
        precondition(guess.confidence >= 0 && guess.confidence <= 1, "confidence within 0...1")
    }
    return 0
}
