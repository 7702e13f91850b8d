import CExif
import RoadGeo

/// A photo the server refuses, naming the problem and the byte offset.
public struct PhotoError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

/// Reads the GPS position a camera wrote into a photo (libexif) and makes the copy the server
/// serves: every metadata block removed, the image data itself untouched.
///
/// - JPEG: APP1 (EXIF, XMP), APP3-APP13 and APP15 (maker and IPTC blocks), comments, and anything
///   after the end-of-image marker (a phone's trailer or motion-photo video) are dropped; APP0
///   (JFIF), an APP2 ICC profile and APP14 (Adobe colour transform) are kept since decoders need them.
/// - PNG: the `eXIf`, `tEXt`, `zTXt`, `iTXt` and `tIME` chunks are dropped.
/// - WebP: the `EXIF` and `XMP ` chunks are dropped and their flags cleared in `VP8X`.
///
/// The orientation tag goes with the EXIF block, so a photo a phone stored sideways is served
/// sideways (the page shows it as a thumbnail; the original orientation is not guessed).
public enum PhotoMetadata {
    /// The EXIF GPS position (longitude, latitude, EPSG:4326), or nil when the photo has none or it is
    /// not a valid position.
    public static func gpsPosition(in bytes: [UInt8], format: PhotoFormat) -> Coordinate? {
        let exif: [UInt8]
        switch format {
        case .jpeg: exif = bytes
        case .png, .webp:
            guard let block = try? tiffBlock(bytes, format: format) else { return nil }
            exif = block.starts(with: exifHeader) ? block : exifHeader + block
        }
        return exif.withUnsafeBufferPointer { p -> Coordinate? in
            guard let base = p.baseAddress, p.count > 0, p.count <= Int(UInt32.max),
                  let data = exif_data_new_from_data(base, UInt32(p.count)) else { return nil }
            defer { exif_data_unref(data) }
            let order = exif_data_get_byte_order(data)
            // ifd is a C array imported as a tuple: EXIF_IFD_0, _1, _EXIF, _GPS, _INTEROPERABILITY.
            guard let gps = data.pointee.ifd.3 else { return nil }
            guard let lat = degrees(gps, tag: 0x0002, order: order), let lon = degrees(gps, tag: 0x0004, order: order) else { return nil }
            let latRef = reference(gps, tag: 0x0001), lonRef = reference(gps, tag: 0x0003)
            let latitude = latRef == "S" ? -lat : lat, longitude = lonRef == "W" ? -lon : lon
            guard (-90...90).contains(latitude), (-180...180).contains(longitude), !(latitude == 0 && longitude == 0) else { return nil }
            return Coordinate(longitude, latitude)
        }
    }

    /// The photo without its metadata blocks.
    /// - Throws: ``PhotoError`` for a file that does not have the structure of its format
    ///   (truncated, a bad segment or chunk length, a missing end marker).
    public static func stripped(_ bytes: [UInt8], format: PhotoFormat) throws(PhotoError) -> [UInt8] {
        switch format {
        case .jpeg: return try strippedJPEG(bytes)
        case .png: return try strippedPNG(bytes)
        case .webp: return try strippedWebP(bytes)
        }
    }

    /// Whether the bytes still carry a metadata block (a check for the served copy).
    public static func hasMetadata(_ bytes: [UInt8], format: PhotoFormat) -> Bool {
        (try? stripped(bytes, format: format)).map { $0 != bytes } ?? true
    }

    static let exifHeader: [UInt8] = Array("Exif".utf8) + [0, 0]

    // MARK: JPEG

    private static func strippedJPEG(_ b: [UInt8]) throws(PhotoError) -> [UInt8] {
        guard b.count >= 4, b[0] == 0xFF, b[1] == 0xD8 else { throw PhotoError("JPEG: no start-of-image marker") }
        var out: [UInt8] = [0xFF, 0xD8]
        out.reserveCapacity(b.count)
        var i = 2
        while true {
            guard i + 1 < b.count else { throw PhotoError("JPEG: ends at byte \(b.count) without an end-of-image marker") }
            guard b[i] == 0xFF else { throw PhotoError("JPEG: expected a marker at byte \(i), found 0x\(String(b[i], radix: 16))") }
            var m = b[i + 1]
            while m == 0xFF {   // fill bytes
                i += 1
                guard i + 1 < b.count else { throw PhotoError("JPEG: truncated in fill bytes at byte \(i)") }
                m = b[i + 1]
            }
            if m == 0xD9 { out += [0xFF, 0xD9]; return out }
            if (0xD0...0xD7).contains(m) || m == 0x01 { out += [0xFF, m]; i += 2; continue }
            guard i + 3 < b.count else { throw PhotoError("JPEG: truncated segment header at byte \(i)") }
            let length = Int(b[i + 2]) << 8 | Int(b[i + 3])
            guard length >= 2, i + 2 + length <= b.count else {
                throw PhotoError("JPEG: segment 0xFF\(String(m, radix: 16, uppercase: true)) at byte \(i) has length \(length), past the end")
            }
            let end = i + 2 + length
            if keepJPEG(marker: m, payload: b[(i + 4)..<end]) { out += b[i..<end] }
            i = end
            if m == 0xDA {
                // Entropy-coded data up to the next marker that is neither stuffing (FF 00) nor a restart.
                let start = i
                while i + 1 < b.count, !(b[i] == 0xFF && b[i + 1] != 0x00 && !(0xD0...0xD7).contains(b[i + 1])) { i += 1 }
                guard i + 1 < b.count else { throw PhotoError("JPEG: scan data from byte \(start) has no end-of-image marker") }
                out += b[start..<i]
            }
        }
    }

    private static func keepJPEG(marker m: UInt8, payload: ArraySlice<UInt8>) -> Bool {
        switch m {
        case 0xE0, 0xEE: return true                                    // JFIF, Adobe
        case 0xE2: return payload.starts(with: Array("ICC_PROFILE".utf8) + [0])
        case 0xE1, 0xE3...0xED, 0xEF, 0xFE: return false                // EXIF/XMP, maker, IPTC, comments
        default: return true                                            // tables, frame, scan
        }
    }

    // MARK: PNG

    private static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    private static let pngDropped: Set<String> = ["eXIf", "tEXt", "zTXt", "iTXt", "tIME"]

    private static func pngChunks(_ b: [UInt8]) throws(PhotoError) -> [(type: String, range: Range<Int>, data: Range<Int>)] {
        guard b.starts(with: pngSignature) else { throw PhotoError("PNG: no signature") }
        var chunks: [(String, Range<Int>, Range<Int>)] = []
        var i = 8
        while i < b.count {
            guard i + 12 <= b.count else { throw PhotoError("PNG: truncated chunk header at byte \(i)") }
            let length = Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3])
            let type = String(decoding: b[(i + 4)..<(i + 8)], as: UTF8.self)
            guard length <= b.count - i - 12 else { throw PhotoError("PNG: chunk '\(type)' at byte \(i) has length \(length), past the end") }
            chunks.append((type, i..<(i + 12 + length), (i + 8)..<(i + 8 + length)))
            i += 12 + length
            if type == "IEND" { return chunks }
        }
        throw PhotoError("PNG: no IEND chunk")
    }

    private static func strippedPNG(_ b: [UInt8]) throws(PhotoError) -> [UInt8] {
        var out = pngSignature
        for c in try pngChunks(b) where !pngDropped.contains(c.type) { out += b[c.range] }
        return out
    }

    // MARK: WebP

    private static func webpChunks(_ b: [UInt8]) throws(PhotoError) -> [(type: String, range: Range<Int>, data: Range<Int>)] {
        guard b.count >= 12, b[0..<4].elementsEqual("RIFF".utf8), b[8..<12].elementsEqual("WEBP".utf8) else {
            throw PhotoError("WebP: no RIFF/WEBP header")
        }
        let riff = Int(b[4]) | Int(b[5]) << 8 | Int(b[6]) << 16 | Int(b[7]) << 24
        guard riff >= 4, riff + 8 <= b.count else { throw PhotoError("WebP: RIFF size \(riff) past the end of \(b.count) bytes") }
        var chunks: [(String, Range<Int>, Range<Int>)] = []
        var i = 12
        while i < riff + 8 {
            guard i + 8 <= riff + 8 else { throw PhotoError("WebP: truncated chunk header at byte \(i)") }
            let size = Int(b[i + 4]) | Int(b[i + 5]) << 8 | Int(b[i + 6]) << 16 | Int(b[i + 7]) << 24
            let padded = size + (size & 1)
            let type = String(decoding: b[i..<(i + 4)], as: UTF8.self)
            guard size <= riff + 8 - i - 8 else { throw PhotoError("WebP: chunk '\(type)' at byte \(i) has size \(size), past the end") }
            let end = min(i + 8 + padded, riff + 8)
            chunks.append((type, i..<end, (i + 8)..<(i + 8 + size)))
            i = end
        }
        return chunks
    }

    private static func strippedWebP(_ b: [UInt8]) throws(PhotoError) -> [UInt8] {
        var body: [UInt8] = Array("WEBP".utf8)
        for c in try webpChunks(b) where c.type != "EXIF" && c.type != "XMP " {
            var chunk = Array(b[c.range])
            if c.type == "VP8X", chunk.count > 8 { chunk[8] &= ~UInt8(0x08 | 0x04) }   // EXIF and XMP flags
            body += chunk
        }
        let size = UInt32(body.count)
        return Array("RIFF".utf8) + [UInt8(size & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size >> 16 & 0xFF), UInt8(size >> 24)] + body
    }

    /// The raw EXIF (TIFF) block of a PNG or WebP, or nil.
    private static func tiffBlock(_ b: [UInt8], format: PhotoFormat) throws(PhotoError) -> [UInt8]? {
        switch format {
        case .jpeg: return nil
        case .png: return try pngChunks(b).first { $0.type == "eXIf" }.map { Array(b[$0.data]) }
        case .webp: return try webpChunks(b).first { $0.type == "EXIF" }.map { Array(b[$0.data]) }
        }
    }

    // MARK: libexif

    /// Degrees from a GPS entry of three RATIONALs (degrees, minutes, seconds).
    private static func degrees(_ ifd: UnsafeMutablePointer<ExifContent>, tag: UInt32, order: ExifByteOrder) -> Double? {
        guard let e = exif_content_get_entry(ifd, ExifTag(rawValue: tag)), e.pointee.format == EXIF_FORMAT_RATIONAL,
              e.pointee.components == 3, e.pointee.size >= 24, let data = e.pointee.data else { return nil }
        var parts: [Double] = []
        for k in 0..<3 {
            let r = exif_get_rational(data + k * 8, order)
            guard r.denominator != 0 else { return nil }
            parts.append(Double(r.numerator) / Double(r.denominator))
        }
        let value = parts[0] + parts[1] / 60 + parts[2] / 3600
        return value.isFinite ? value : nil
    }

    /// The first character of an ASCII GPS reference entry (N/S, E/W).
    private static func reference(_ ifd: UnsafeMutablePointer<ExifContent>, tag: UInt32) -> String? {
        guard let e = exif_content_get_entry(ifd, ExifTag(rawValue: tag)), e.pointee.size >= 1, let data = e.pointee.data else { return nil }
        return String(UnicodeScalar(data[0]))
    }
}
