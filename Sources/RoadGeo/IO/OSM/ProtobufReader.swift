#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A minimal protobuf wire-format reader over bytes the caller keeps alive, for the handful of
/// messages an OSM PBF file uses (`fileformat.proto`, `osmformat.proto`).
///
/// It reads a field key, then the caller decides how to read the value: a varint, a zigzag
/// varint, a length-delimited range (a string, a sub-message or a packed array) or a skip.
/// Every read is bounds-checked and throws ``ProtobufError``; nothing is allocated.
///
/// All of RoadGeo's pointer code for PBF decoding lives in this file.
struct ProtobufReader {
    /// The whole buffer the message lives in (offsets are into it).
    let base: UnsafePointer<UInt8>
    /// Where the next read starts.
    var position: Int
    /// One past the message's last byte.
    let end: Int

    /// Wire types of protobuf encoding.
    enum WireType: Int {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, fixed32 = 5
    }

    /// A reader over `range` of the buffer at `base`.
    init(base: UnsafePointer<UInt8>, range: Range<Int>) {
        self.base = base
        position = range.lowerBound
        end = range.upperBound
    }

    /// True when the message is read to its end.
    var isAtEnd: Bool { position >= end }

    /// The next field number and wire type, or `nil` at the end of the message.
    mutating func nextField() throws(ProtobufError) -> (field: Int, wire: WireType)? {
        guard position < end else { return nil }
        let key = try varint()
        let field = Int(key >> 3)
        guard field > 0, let wire = WireType(rawValue: Int(key & 7)) else {
            throw ProtobufError("field key \(key) at byte \(position) has field \(field), wire type \(key & 7)")
        }
        return (field, wire)
    }

    /// An unsigned varint (at most 10 bytes).
    @inline(__always)
    mutating func varint() throws(ProtobufError) -> UInt64 {
        var result: UInt64 = 0, shift: UInt64 = 0
        var p = position
        while p < end {
            let byte = base[p]
            p += 1
            if shift == 63 && byte > 1 { throw ProtobufError("varint at byte \(position) overflows 64 bits") }
            result |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { position = p; return result }
            shift += 7
            if shift > 63 { throw ProtobufError("varint at byte \(position) is longer than 10 bytes") }
        }
        throw ProtobufError("varint at byte \(position) runs past the end of its message (byte \(end))")
    }

    /// A zigzag-encoded signed varint (`sint32`, `sint64`).
    @inline(__always)
    mutating func signedVarint() throws(ProtobufError) -> Int64 {
        let v = try varint()
        return Int64(bitPattern: (v >> 1) ^ (0 &- (v & 1)))
    }

    /// A varint read as a two's complement `int64` / `int32`.
    mutating func int64() throws(ProtobufError) -> Int64 { Int64(bitPattern: try varint()) }

    /// The byte range of a length-delimited value, checked to lie inside the message.
    mutating func lengthDelimited() throws(ProtobufError) -> Range<Int> {
        let at = position
        let length = try varint()
        guard length <= UInt64(end - position) else {
            throw ProtobufError("length \(length) at byte \(at) runs past the end of its message (\(end - position) bytes left)")
        }
        let start = position
        position += Int(length)
        return start..<position
    }

    /// A sub-reader over a length-delimited value.
    mutating func message() throws(ProtobufError) -> ProtobufReader {
        ProtobufReader(base: base, range: try lengthDelimited())
    }

    /// A length-delimited value as a string (invalid UTF-8 repaired with U+FFFD, as osmium does not).
    mutating func string() throws(ProtobufError) -> String { text(try lengthDelimited()) }

    /// The text of a byte range.
    func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(start: base + range.lowerBound, count: range.count), as: UTF8.self)
    }

    /// Whether a byte range holds exactly these bytes.
    func bytes(_ range: Range<Int>, equal other: [UInt8]) -> Bool {
        guard range.count == other.count else { return false }
        return other.withUnsafeBufferPointer { o in
            guard let ob = o.baseAddress else { return true }
            return memcmp(base + range.lowerBound, ob, other.count) == 0
        }
    }

    /// The raw bytes of a range, as a buffer valid while the caller keeps the storage alive.
    func buffer(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    /// Skips a value of this wire type.
    mutating func skip(_ wire: WireType) throws(ProtobufError) {
        switch wire {
        case .varint: _ = try varint()
        case .lengthDelimited: _ = try lengthDelimited()
        case .fixed64: try advance(8)
        case .fixed32: try advance(4)
        }
    }

    private mutating func advance(_ n: Int) throws(ProtobufError) {
        guard end - position >= n else { throw ProtobufError("fixed-size value at byte \(position) runs past the end of its message") }
        position += n
    }

    /// Checks a field's wire type.
    static func expect(_ wire: WireType, _ wanted: WireType, field: Int, in message: String) throws(ProtobufError) {
        guard wire == wanted else { throw ProtobufError("\(message) field \(field) has wire type \(wire.rawValue), expected \(wanted.rawValue)") }
    }

    /// Calls `body` for each varint of a packed array (or a single unpacked varint).
    @inline(__always)
    mutating func forEachPackedVarint(_ wire: WireType, _ body: (UInt64) throws(ProtobufError) -> Void) throws(ProtobufError) {
        if wire == .varint { try body(try varint()); return }
        guard wire == .lengthDelimited else { throw ProtobufError("packed array at byte \(position) has wire type \(wire.rawValue)") }
        var packed = try message()
        while !packed.isAtEnd { try body(try packed.varint()) }
    }
}

