// The fuzz input container for several files at once (shared by the multi-file targets and
// `Fuzz/make_seeds.py`, which writes the same layout).
//
// Layout: one flag byte; bit i (0...3) set means optional file i + 1 is present (bit 7 is the
// target's own switch); then,
// for the first file and each present optional file in order, a little-endian UInt32 length
// followed by that many bytes. A length past the end of the input takes what is left; a
// missing length means an empty file.

enum FuzzContainer {
    /// Shapefile parts in container order: the `.shp` is always present.
    static let extensions = ["shp", "shx", "dbf", "prj", "cpg"]

    /// Splits `input` into one optional byte array per extension.
    static func split(_ input: UnsafeRawBufferPointer) -> [[UInt8]?] {
        split(input, files: extensions.count)
    }

    /// Splits `input` into `count` optional byte arrays (the first always present).
    static func split(_ input: UnsafeRawBufferPointer, files count: Int) -> [[UInt8]?] {
        var files = [[UInt8]?](repeating: nil, count: count)
        guard !input.isEmpty else { return files }
        let flags = input[0]
        var offset = 1
        for i in 0..<count where i == 0 || flags & (1 << (i - 1)) != 0 {
            var length = 0
            if offset + 4 <= input.count {
                for k in 0..<4 { length |= Int(input[offset + k]) << (8 * k) }
                offset += 4
            } else {
                offset = input.count
            }
            let end = min(input.count, offset + length)
            files[i] = Array(input[offset..<end])
            offset = end
        }
        return files
    }
}
