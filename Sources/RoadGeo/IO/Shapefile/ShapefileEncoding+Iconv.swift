#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

// All iconv code: the system's converters decode every encoding but UTF-8 and ISO-8859-1. A
// single-byte page gets a 128-entry table built once per process through iconv; a multi-byte page
// (CJK) is decoded through one converter per encoding, behind a lock (an iconv_t is not
// thread-safe).

/// One iconv converter from an encoding to UTF-8, shared behind a lock.
final class IconvConverter: @unchecked Sendable {
    private let handle: iconv_t
    private let lock = NSLock()

    /// Opens a converter from `name` to UTF-8, or `nil` when iconv does not know the name.
    init?(from name: String) {
        let h = iconv_open("UTF-8", name)
        guard let h, Int(bitPattern: h) != -1 else { return nil }
        handle = h
    }

    deinit { iconv_close(handle) }

    /// Whether iconv can convert from `name` to UTF-8.
    static func isAvailable(_ name: String) -> Bool {
        guard !name.contains("/") else { return false }   // "//TRANSLIT" suffixes are not names
        return IconvConverter(from: name) != nil
    }

    /// Decodes `bytes`; an invalid or incomplete sequence becomes U+FFFD and decoding goes on
    /// after its first byte.
    func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return "" }
        lock.lock()
        defer { lock.unlock() }
        _ = iconv(handle, nil, nil, nil, nil)   // initial shift state
        var out = [UInt8](repeating: 0, count: bytes.count * 4 + 16)
        var produced = 0
        var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(mutating: UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self))
        var inLeft = bytes.count
        out.withUnsafeMutableBufferPointer { ob in
            guard let obase = ob.baseAddress else { return }
            while inLeft > 0 {
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(obase + produced).assumingMemoryBound(to: CChar.self)
                var outLeft = ob.count - produced
                let r = iconv(handle, &inPtr, &inLeft, &outPtr, &outLeft)
                produced = ob.count - outLeft
                if r != -1 { break }
                if errno == E2BIG { break }   // cannot happen: 4 bytes out per byte in is enough
                // EILSEQ or EINVAL: one replacement character for the bad byte, then go on.
                guard ob.count - produced >= 3 else { break }
                obase[produced] = 0xEF; obase[produced + 1] = 0xBF; obase[produced + 2] = 0xBD
                produced += 3
                inPtr = inPtr.map { $0 + 1 }
                inLeft -= 1
                _ = iconv(handle, nil, nil, nil, nil)
            }
            // Flush: stateful converters (CP1255, CP1258) hold a base letter back for combining marks.
            var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(obase + produced).assumingMemoryBound(to: CChar.self)
            var outLeft = ob.count - produced
            _ = iconv(handle, nil, nil, &outPtr, &outLeft)
            produced = ob.count - outLeft
        }
        return String(decoding: out[0..<produced], as: UTF8.self)
    }

    /// For a single-byte encoding, the scalar of each byte 0x80...0xFF (0xFFFD where undefined);
    /// `nil` when some byte starts a longer sequence (a multi-byte encoding).
    func singleByteTable() -> [UInt16]? {
        var table: [UInt16] = []
        table.reserveCapacity(128)
        lock.lock()
        defer { lock.unlock() }
        for b in 0x80...0xFF {
            var input = [CChar(bitPattern: UInt8(b))]
            var output = [UInt8](repeating: 0, count: 8)
            let (r, err, produced): (Int, Int32, Int) = input.withUnsafeMutableBufferPointer { ib in
                output.withUnsafeMutableBufferPointer { ob in
                    guard let obase = ob.baseAddress else { return (-1, EILSEQ, 0) }
                    _ = iconv(handle, nil, nil, nil, nil)
                    var inPtr = ib.baseAddress, inLeft = 1
                    var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(obase).assumingMemoryBound(to: CChar.self)
                    var outLeft = ob.count
                    let r = iconv(handle, &inPtr, &inLeft, &outPtr, &outLeft)
                    let err = errno
                    if r != -1 { _ = iconv(handle, nil, nil, &outPtr, &outLeft) }   // flush a held-back letter
                    return (r, err, ob.count - outLeft)
                }
            }
            if r == -1 {
                if err == EINVAL { return nil }   // an incomplete sequence: a lead byte
                table.append(0xFFFD)
                continue
            }
            let scalars = Array(String(decoding: output[0..<produced], as: UTF8.self).unicodeScalars)
            guard scalars.count == 1, scalars[0].value <= 0xFFFF else { return nil }
            table.append(UInt16(scalars[0].value))
        }
        return table
    }
}

/// Single-byte tables built so far, by iconv name (`nil` for a name iconv does not know or a
/// multi-byte encoding), shared by every decoder and detection run of the process.
private let singleByteTables = Mutex<[String: [UInt16]?]>([:])

extension IconvConverter {
    /// The upper-half table of the single-byte encoding `name`, built through iconv the first
    /// time it is asked for; `nil` when iconv does not know the name or it is multi-byte.
    static func singleByteTable(for name: String) -> [UInt16]? {
        if let known = singleByteTables.withLock({ $0[name] }) { return known }
        let table = IconvConverter(from: name)?.singleByteTable()
        singleByteTables.withLock { $0[name] = table }
        return table
    }
}
