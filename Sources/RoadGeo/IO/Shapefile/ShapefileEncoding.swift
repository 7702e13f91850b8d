/// The character encoding of a `.dbf`'s text: field names and C (character) values.
///
/// UTF-8 plus the single-byte code pages road data arrives in: the Windows and DOS pages
/// (Cyrillic 1251 and 866 for post-Soviet data), KOI8-R/U and ISO-8859. Single-byte pages are
/// decoded by table (bytes 0x80...0xFF to Unicode, from the Unicode Consortium's mappings);
/// a byte a page leaves undefined decodes to U+FFFD.
///
/// ```swift
/// ShapefileEncoding(name: "windows-1251")   // .windows1251
/// ShapefileEncoding(name: "866")            // .cp866
/// ShapefileEncoding.languageDriver(0xC9)    // .windows1251
/// ```
public enum ShapefileEncoding: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// UTF-8 (invalid sequences decode to U+FFFD).
    case utf8 = "UTF-8"
    /// DOS US, code page 437.
    case cp437 = "CP437"
    /// DOS Latin-1, code page 850.
    case cp850 = "CP850"
    /// DOS Central European, code page 852.
    case cp852 = "CP852"
    /// DOS Cyrillic (Russian), code page 866.
    case cp866 = "CP866"
    /// Windows Central European.
    case windows1250 = "Windows-1250"
    /// Windows Cyrillic.
    case windows1251 = "Windows-1251"
    /// Windows Western ("ANSI").
    case windows1252 = "Windows-1252"
    /// Windows Greek.
    case windows1253 = "Windows-1253"
    /// Windows Turkish.
    case windows1254 = "Windows-1254"
    /// Windows Baltic.
    case windows1257 = "Windows-1257"
    /// KOI8-R (Russian).
    case koi8R = "KOI8-R"
    /// KOI8-U (Ukrainian).
    case koi8U = "KOI8-U"
    /// ISO-8859-1 (Latin-1).
    case iso8859_1 = "ISO-8859-1"
    /// ISO-8859-2 (Latin-2).
    case iso8859_2 = "ISO-8859-2"
    /// ISO-8859-5 (Cyrillic).
    case iso8859_5 = "ISO-8859-5"

    /// The canonical name, e.g. `Windows-1251`.
    public var description: String { rawValue }

    /// Parses an encoding name in any of the forms found in `.cpg` files and on command lines.
    ///
    /// Case, spaces, `-` and `_` are ignored. Accepted: `UTF-8`, `utf8`, `65001`; code page
    /// numbers alone or prefixed with `CP`, `windows`, `win`, `ANSI`, `IBM`, `OEM`, `DOS`, `MS`
    /// (`1251`, `CP1251`, `cp1251`, `windows-1251`, `866`, `IBM866`); the Windows numbers of
    /// KOI8 and ISO pages (`20866`, `21866`, `28591`, `28592`, `28595`); `KOI8-R`, `KOI8-U`,
    /// `ISO-8859-1` (`ISO8859_1`, `88591`, `latin1`), `ISO-8859-2`, `ISO-8859-5`; `ASCII` as UTF-8.
    ///
    /// - Parameter name: The name, e.g. the trimmed content of a `.cpg`.
    /// - Returns: `nil` for names that are unknown or do not name one page (`SYSTEM`, `OEM`).
    /// - Complexity: O(name length).
    ///
    /// ```swift
    /// ShapefileEncoding(name: "ANSI 1251")   // .windows1251
    /// ShapefileEncoding(name: "IBM866")      // .cp866
    /// ShapefileEncoding(name: "SYSTEM")      // nil
    /// ```
    public init?(name: String) {
        var key = ""
        for ch in name.uppercased() where !" -_\t\r\n\u{FEFF}".contains(ch) { key.append(ch) }
        switch key {
        case "UTF8", "65001", "ASCII", "USASCII": self = .utf8; return
        case "KOI8R": self = .koi8R; return
        case "KOI8U": self = .koi8U; return
        case "ISO88591", "88591", "LATIN1", "L1": self = .iso8859_1; return
        case "ISO88592", "88592", "LATIN2", "L2": self = .iso8859_2; return
        case "ISO88595", "88595", "CYRILLIC": self = .iso8859_5; return
        default: break
        }
        for prefix in ["WINDOWS", "WIN", "ANSI", "CP", "IBM", "OEM", "DOS", "MS"] where key.hasPrefix(prefix) {
            key.removeFirst(prefix.count)
            break
        }
        guard let number = Int(key), let e = Self.codePage(number) else { return nil }
        self = e
    }

    /// The encoding a DBF language-driver id (header byte 29) stands for.
    ///
    /// Mapping from the dBASE/ArcGIS language-driver table: 0xC9 Windows-1251, 0x26 and 0x65
    /// CP866, 0x57 "ANSI" (the writer's Windows code page, read as Windows-1252), 0x58/0x59/0x03
    /// Windows-1252, 0xC8 1250, 0xCA 1254, 0xCB 1253, 0xCC 1257, 0x01/0x09/0x0B/0x0D/0x0F/0x11/
    /// 0x15/0x18/0x19/0x1B CP437, 0x02/0x0A/0x0E/0x10/0x12/0x14/0x16/0x1A/0x1D/0x25/0x37 CP850,
    /// 0x1F/0x22/0x23/0x40/0x64/0x87 CP852. 0x00 means "not set".
    ///
    /// - Parameter byte: The language-driver id.
    /// - Returns: `nil` for 0x00 and for ids of pages RoadGeo has no table for (Asian, Hebrew,
    ///   Arabic, Nordic DOS pages); ``languageDriverCodePage(_:)`` names those.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// ShapefileEncoding.languageDriver(0xC9)   // .windows1251
    /// ShapefileEncoding.languageDriver(0x00)   // nil: not set
    /// ```
    public static func languageDriver(_ byte: UInt8) -> ShapefileEncoding? {
        languageDriverCodePage(byte).flatMap(codePage)
    }

    /// The code page number a language-driver id names (e.g. 0xC9 -> 1251, 0x57 -> 1252), or `nil`.
    ///
    /// Knows more ids than ``languageDriver(_:)`` has tables for, so a report can name the page
    /// it cannot decode.
    /// - Parameter byte: The language-driver id (DBF header byte 29).
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// ShapefileEncoding.languageDriverCodePage(0x26)   // 866
    /// ```
    public static func languageDriverCodePage(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x01, 0x09, 0x0B, 0x0D, 0x0F, 0x11, 0x15, 0x18, 0x19, 0x1B: return 437
        case 0x02, 0x0A, 0x0E, 0x10, 0x12, 0x14, 0x16, 0x1A, 0x1D, 0x25, 0x37: return 850
        case 0x1F, 0x22, 0x23, 0x40, 0x64, 0x87: return 852
        case 0x26, 0x65: return 866
        case 0x03, 0x57, 0x58, 0x59: return 1252
        case 0xC8: return 1250
        case 0xC9: return 1251
        case 0xCA: return 1254
        case 0xCB: return 1253
        case 0xCC: return 1257
        case 0x08, 0x17, 0x66: return 865
        case 0x13, 0x7B: return 932
        case 0x4D, 0x7A: return 936
        case 0x4E, 0x79: return 949
        case 0x4F, 0x78: return 950
        case 0x50, 0x7C: return 874
        case 0x6A, 0x86: return 737
        case 0x6B, 0x88: return 857
        case 0x67: return 861
        case 0x1C, 0x6C: return 863
        case 0x24: return 860
        case 0x7D: return 1255
        case 0x7E: return 1256
        default: return nil
        }
    }

    /// The encoding for a Windows code page number, if RoadGeo has a table for it.
    static func codePage(_ number: Int) -> ShapefileEncoding? {
        switch number {
        case 65001: return .utf8
        case 437: return .cp437
        case 850: return .cp850
        case 852: return .cp852
        case 866: return .cp866
        case 1250: return .windows1250
        case 1251: return .windows1251
        case 1252: return .windows1252
        case 1253: return .windows1253
        case 1254: return .windows1254
        case 1257: return .windows1257
        case 20866: return .koi8R
        case 21866: return .koi8U
        case 28591: return .iso8859_1
        case 28592: return .iso8859_2
        case 28595: return .iso8859_5
        default: return nil
        }
    }
}

/// Which encoding a `.dbf` is read with, and how that was decided.
///
/// Order: the caller's choice; else the `.cpg`; else the DBF language-driver byte; else UTF-8
/// when every text byte is valid UTF-8; else the fallback, Windows-1252 (a superset of the
/// printable Latin-1 range, so Latin-1 text always decodes to the right characters). One
/// refinement: language driver 0x57 only says "the writer's ANSI page"; when the text is valid
/// UTF-8 with non-ASCII characters it is read as UTF-8 (many tools write 0x57 with UTF-8 text).
///
/// ```swift
/// let dbf = try DBFReader(path: "roads.dbf")
/// print(dbf.encoding)   // "Windows-1251 (from .cpg '1251')"
/// ```
public struct EncodingDecision: Hashable, Sendable, CustomStringConvertible {
    /// How the encoding was chosen.
    ///
    /// ```swift
    /// if case .fallback = dbf.encoding.source { print("guessed: \(dbf.encoding)") }
    /// ```
    public enum Source: Hashable, Sendable {
        /// The caller forced it.
        case forced
        /// From the `.cpg` file, with its text.
        case cpg(String)
        /// From the DBF language-driver byte.
        case languageDriver(UInt8)
        /// The text is valid UTF-8 (or plain ASCII) and nothing else said otherwise.
        case validUTF8
        /// Nothing decided it and the text is not UTF-8: the documented fallback.
        case fallback
    }

    /// The encoding used.
    public var encoding: ShapefileEncoding
    /// How it was decided.
    public var source: Source
    /// What else was seen on the way (an unrecognised `.cpg`, an unsupported language driver).
    public var notes: [String]

    /// Creates a decision.
    ///
    /// - Parameters:
    ///   - encoding: The encoding used.
    ///   - source: How it was decided.
    ///   - notes: Observations made while deciding.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let d = EncodingDecision(encoding: .windows1251, source: .cpg("1251"))
    /// print(d)   // Windows-1251 (from .cpg '1251')
    /// ```
    public init(encoding: ShapefileEncoding, source: Source, notes: [String] = []) {
        self.encoding = encoding
        self.source = source
        self.notes = notes
    }

    /// E.g. `Windows-1251 (from .cpg '1251')`.
    public var description: String {
        let how: String
        switch source {
        case .forced: how = "given by the caller"
        case .cpg(let text): how = "from .cpg '\(text)'"
        case .languageDriver(let b): how = "from the DBF language driver 0x\(String(b, radix: 16, uppercase: true))"
        case .validUTF8: how = "the text is valid UTF-8"
        case .fallback: how = "fallback: no .cpg, no language driver, text not UTF-8"
        }
        let extra = notes.isEmpty ? "" : "; " + notes.joined(separator: "; ")
        return "\(encoding) (\(how)\(extra))"
    }
}
