import HTTPTypes
import HummingbirdTesting
import NIOCore

/// A binary answer: status, headers and body bytes.
struct BytesAnswer: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: [UInt8]
}

extension TestClientProtocol {
    /// `GET uri`, the body as bytes (no decompression: a gzip body stays gzip).
    func bytes(_ uri: String, headers: HTTPFields = [:]) async throws -> BytesAnswer {
        try await execute(uri: uri, method: .get, headers: headers, body: nil) { r in
            BytesAnswer(status: r.status, headers: r.headers, body: Array(r.body.readableBytesView))
        }
    }
}

/// The layers of an MVT tile (name, feature count), read with a protobuf walk of the test's own.
func mvtLayers(_ bytes: [UInt8]) throws -> [(name: String, features: Int)] {
    func fields(_ b: ArraySlice<UInt8>) throws -> [(field: UInt64, body: ArraySlice<UInt8>?)] {
        var i = b.startIndex, out: [(field: UInt64, body: ArraySlice<UInt8>?)] = []
        func varint() throws -> UInt64 {
            var v: UInt64 = 0, shift: UInt64 = 0
            while i < b.endIndex && shift < 64 {
                let byte = b[i]; i += 1
                v |= UInt64(byte & 0x7f) << shift
                if byte < 0x80 { return v }
                shift += 7
            }
            throw TestFailure("truncated varint")
        }
        while i < b.endIndex {
            let key = try varint()
            switch key & 7 {
            case 0: _ = try varint(); out.append((key >> 3, nil))
            case 2:
                let n = Int(try varint())
                guard n <= b.endIndex - i else { throw TestFailure("field past the end") }
                out.append((key >> 3, b[i..<i + n])); i += n
            case 1: i += 8; out.append((key >> 3, nil))
            case 5: i += 4; out.append((key >> 3, nil))
            default: throw TestFailure("wire type \(key & 7)")
            }
        }
        return out
    }
    return try fields(bytes[...]).filter { $0.field == 3 }.map { layer in
        let inner = try fields(layer.body ?? [])
        let name = inner.first { $0.field == 1 }.flatMap { $0.body }.map { String(decoding: $0, as: UTF8.self) } ?? ""
        return (name, inner.filter { $0.field == 2 }.count)
    }
}
