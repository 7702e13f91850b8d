import Foundation

/// A DBF memo file: dBase III or IV `.dbt`, FoxPro `.fpt`. Memo fields in the `.dbf` hold a
/// block number; the text (or binary data) is in the memo file at that block.
///
/// - dBase III `.dbt`: 512-byte blocks; a memo runs from its block to the first 0x1A.
/// - dBase IV and 7 `.dbt`: block size at header offset 20 (little-endian); each memo starts
///   with `FF FF 08 00` and a little-endian length that counts the 8-byte block header.
/// - FoxPro `.fpt`: block size at header offset 6 (big-endian); each memo starts with a
///   big-endian type (0 picture, 1 text, 2 object) and a big-endian length.
///
/// Every offset and length is checked against the real file size; a block number past the
/// end or a length past the end is a ``Problem``, never a trap.
///
/// ```swift
/// let memo = try DBFMemo(path: "parcels.fpt")
/// if case .text(let bytes) = memo.read(block: 8) { print(bytes.count) }
/// ```
struct DBFMemo: Sendable {
    enum Kind: Sendable { case dBase3, dBase4, foxPro }

    /// What one memo holds.
    enum Content: Equatable {
        /// Text bytes (decoded with the table's encoding by the reader).
        case text(ArraySlice<UInt8>)
        /// Binary bytes (pictures, OLE objects).
        case binary(ArraySlice<UInt8>)
        /// The block number or length points outside the file.
        case problem(String)
    }

    let path: String
    let kind: Kind
    let blockSize: Int
    private let bytes: [UInt8]

    /// Opens the memo file beside a `.dbf`: `.fpt` for FoxPro tables, `.dbt` otherwise
    /// (either case of the extension); `nil` when there is none.
    static func sibling(of dbfPath: String) -> String? {
        ShapefileReader.sibling(of: dbfPath, extension: "fpt") ?? ShapefileReader.sibling(of: dbfPath, extension: "dbt")
    }

    /// Reads a memo file (at most 1 GiB).
    init(path: String) throws(ShapefileError) {
        self.path = path
        let data = try ShapefileReader.map(path)
        guard data.count <= 1 << 30 else {
            throw ShapefileError(.io, "memo file is \(data.count) bytes, more than the 1 GiB read", path: path)
        }
        let bytes = [UInt8](data)
        self.bytes = bytes
        guard bytes.count >= 8 else { throw ShapefileError(.invalidHeader, "memo file is \(bytes.count) bytes, shorter than its header", path: path) }
        if path.lowercased().hasSuffix(".fpt") {
            kind = .foxPro
            let size = Int(bytes[6]) << 8 | Int(bytes[7])
            blockSize = size > 0 ? size : 64
        } else if bytes.count >= 22, bytes.count > 512 + 3, bytes[512] == 0xFF, bytes[513] == 0xFF, bytes[514] == 0x08, bytes[515] == 0x00 {
            kind = .dBase4
            let size = Int(bytes[20]) | Int(bytes[21]) << 8
            blockSize = size > 0 ? size : 512
        } else {
            // dBase III, or a dBase IV file whose first memo is not in block 1: tell by the header.
            let size = bytes.count >= 22 ? Int(bytes[20]) | Int(bytes[21]) << 8 : 0
            if size >= 64 && size % 64 == 0 && size != 512 { kind = .dBase4; blockSize = size } else { kind = .dBase3; blockSize = 512 }
        }
    }

    /// The memo at `block` (block 0 is the header: no memo).
    func read(block: Int) -> Content {
        guard block > 0 else { return .problem("block 0") }
        let (start, overflow) = block.multipliedReportingOverflow(by: blockSize)
        guard !overflow, start < bytes.count else {
            return .problem("memo block \(block) is past the end of \((path as NSString).lastPathComponent) (\(bytes.count) bytes)")
        }
        switch kind {
        case .dBase3:
            var end = start
            while end < bytes.count, bytes[end] != 0x1A { end += 1 }
            return .text(bytes[start..<end])
        case .dBase4:
            guard start + 8 <= bytes.count else { return .problem("memo block \(block) is cut short") }
            if bytes[start] == 0xFF, bytes[start + 1] == 0xFF, bytes[start + 2] == 0x08, bytes[start + 3] == 0x00 {
                let length = Int(bytes[start + 4]) | Int(bytes[start + 5]) << 8 | Int(bytes[start + 6]) << 16 | Int(bytes[start + 7]) << 24
                guard length >= 8, length - 8 <= bytes.count - start - 8 else {
                    return .problem("memo block \(block) claims \(length) bytes, past the end of the file")
                }
                // The length should count the 8-byte block header, but writers differ by a few bytes
                // (dbfread reads `length` bytes after the header): look that far for the 0x1F / 0x1A
                // terminator, else end where the specification says.
                let window = (start + 8)..<min(bytes.count, start + 8 + length)
                let end = bytes[window].firstIndex(where: { $0 == 0x1A || $0 == 0x1F }) ?? (start + length)
                return .text(bytes[(start + 8)..<end])
            }
            var end = start
            while end < bytes.count, bytes[end] != 0x1A, bytes[end] != 0x1F { end += 1 }
            return .text(bytes[start..<end])
        case .foxPro:
            guard start + 8 <= bytes.count else { return .problem("memo block \(block) is cut short") }
            let type = Int(bytes[start]) << 24 | Int(bytes[start + 1]) << 16 | Int(bytes[start + 2]) << 8 | Int(bytes[start + 3])
            let length = Int(bytes[start + 4]) << 24 | Int(bytes[start + 5]) << 16 | Int(bytes[start + 6]) << 8 | Int(bytes[start + 7])
            guard length <= bytes.count - start - 8 else {
                return .problem("memo block \(block) claims \(length) bytes, past the end of the file")
            }
            let body = bytes[(start + 8)..<(start + 8 + length)]
            return type == 1 ? .text(body) : .binary(body)
        }
    }
}
