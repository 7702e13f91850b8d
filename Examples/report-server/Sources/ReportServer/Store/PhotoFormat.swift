/// The image types a photo may have, told from the first bytes (the declared type must agree).
public enum PhotoFormat: String, Sendable, CaseIterable {
    /// `image/jpeg`, starting `FF D8 FF`.
    case jpeg
    /// `image/png`, starting with the PNG signature.
    case png
    /// `image/webp`, a RIFF file of form `WEBP`.
    case webp

    /// The format of a `Content-Type` (lower case, no parameters), or nil.
    public init?(mediaType: String) {
        switch mediaType {
        case "image/jpeg": self = .jpeg
        case "image/png": self = .png
        case "image/webp": self = .webp
        default: return nil
        }
    }

    /// The format the bytes start with (JPEG SOI `FF D8 FF`, the PNG signature, `RIFF....WEBP`), or nil.
    public init?(sniffing bytes: some Collection<UInt8>) {
        let head = Array(bytes.prefix(12))
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { self = .jpeg; return }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { self = .png; return }
        if head.count == 12, head[0..<4].elementsEqual("RIFF".utf8), head[8..<12].elementsEqual("WEBP".utf8) { self = .webp; return }
        return nil
    }

    /// `image/jpeg`, `image/png`, `image/webp`.
    public var mediaType: String { "image/" + rawValue }
}
