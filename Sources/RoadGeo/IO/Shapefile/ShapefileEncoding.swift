import Foundation

/// The character encoding of a `.dbf`'s text: field names, C (character) values and memos.
///
/// UTF-8, the single-byte code pages road data arrives in (the Windows and DOS pages, KOI8,
/// ISO-8859, Cyrillic 1251 and 866 for post-Soviet data), and every other encoding the
/// system's iconv knows, the CJK pages (Shift_JIS/CP932, GBK/CP936, CP949/EUC-KR, Big5/CP950,
/// GB18030) included. Single-byte pages are decoded by a 128-entry table (bytes 0x80...0xFF to
/// Unicode) built once from the system's iconv (glibc's tables are the Unicode Consortium's
/// mappings); multi-byte pages are decoded through iconv. A byte a page leaves undefined
/// decodes to U+FFFD.
///
/// Names are read as GDAL reads `.cpg` files (`OGRShapeLayer::ConvertCodePage`): a number in
/// 437...950 or 1250...1258 is that code page, `8859-x` and `8859x` are ISO-8859-x, `UTF-8` is
/// UTF-8, and anything else is handed to iconv as written (`Big5`, `Shift_JIS`, `EUC-KR`);
/// the forms seen in the wild (`ANSI 1251`, `windows-1251`, `IBM866`, `20866`, `latin1`) too.
///
/// ```swift
/// ShapefileEncoding(name: "windows-1251")   // .windows1251
/// ShapefileEncoding(name: "866")            // .cp866
/// ShapefileEncoding(name: "Big5")           // Big5, decoded through iconv
/// ShapefileEncoding.languageDriver(0xC9)    // .windows1251
/// ```
public struct ShapefileEncoding: Hashable, Sendable, CustomStringConvertible {
    /// The canonical name, e.g. `Windows-1251`, `CP932`, `Big5`.
    public let rawValue: String
    /// The name iconv knows the encoding by.
    let iconvName: String

    init(_ name: String, iconv: String) {
        self.rawValue = name
        self.iconvName = iconv
    }

    /// UTF-8 (invalid sequences decode to U+FFFD).
    public static let utf8 = ShapefileEncoding("UTF-8", iconv: "UTF-8")
    /// DOS US, code page 437.
    public static let cp437 = ShapefileEncoding("CP437", iconv: "CP437")
    /// DOS Latin-1, code page 850.
    public static let cp850 = ShapefileEncoding("CP850", iconv: "CP850")
    /// DOS Central European, code page 852.
    public static let cp852 = ShapefileEncoding("CP852", iconv: "CP852")
    /// DOS Cyrillic (Russian), code page 866.
    public static let cp866 = ShapefileEncoding("CP866", iconv: "CP866")
    /// Windows Central European.
    public static let windows1250 = ShapefileEncoding("Windows-1250", iconv: "CP1250")
    /// Windows Cyrillic.
    public static let windows1251 = ShapefileEncoding("Windows-1251", iconv: "CP1251")
    /// Windows Western ("ANSI").
    public static let windows1252 = ShapefileEncoding("Windows-1252", iconv: "CP1252")
    /// Windows Greek.
    public static let windows1253 = ShapefileEncoding("Windows-1253", iconv: "CP1253")
    /// Windows Turkish.
    public static let windows1254 = ShapefileEncoding("Windows-1254", iconv: "CP1254")
    /// Windows Baltic.
    public static let windows1257 = ShapefileEncoding("Windows-1257", iconv: "CP1257")
    /// KOI8-R (Russian).
    public static let koi8R = ShapefileEncoding("KOI8-R", iconv: "KOI8-R")
    /// KOI8-U (Ukrainian).
    public static let koi8U = ShapefileEncoding("KOI8-U", iconv: "KOI8-U")
    /// ISO-8859-1 (Latin-1).
    public static let iso8859_1 = ShapefileEncoding("ISO-8859-1", iconv: "ISO-8859-1")
    /// ISO-8859-2 (Latin-2).
    public static let iso8859_2 = ShapefileEncoding("ISO-8859-2", iconv: "ISO-8859-2")
    /// ISO-8859-5 (Cyrillic).
    public static let iso8859_5 = ShapefileEncoding("ISO-8859-5", iconv: "ISO-8859-5")
    /// ISO-8859-15 (Latin-9, Latin-1 with the euro sign).
    public static let iso8859_15 = ShapefileEncoding("ISO-8859-15", iconv: "ISO-8859-15")
    /// Japanese Shift_JIS as Windows writes it (code page 932), through iconv.
    public static let shiftJIS = ShapefileEncoding("CP932", iconv: "CP932")
    /// Simplified Chinese GBK (code page 936), through iconv.
    public static let gbk = ShapefileEncoding("CP936", iconv: "CP936")
    /// Korean Unified Hangul Code (code page 949, a superset of EUC-KR), through iconv.
    public static let cp949 = ShapefileEncoding("CP949", iconv: "CP949")
    /// Traditional Chinese Big5 (code page 950), through iconv.
    public static let big5 = ShapefileEncoding("CP950", iconv: "CP950")
    /// Thai (code page 874), through iconv.
    public static let windows874 = ShapefileEncoding("CP874", iconv: "CP874")

    /// The encodings with a name of their own here (any other iconv encoding is accepted by
    /// ``init(name:)`` too).
    public static let allCases: [ShapefileEncoding] = [
        .utf8, .cp437, .cp850, .cp852, .cp866, .windows1250, .windows1251, .windows1252, .windows1253,
        .windows1254, .windows1257, .koi8R, .koi8U, .iso8859_1, .iso8859_2, .iso8859_5, .iso8859_15,
        .shiftJIS, .gbk, .cp949, .big5, .windows874,
    ]

    /// The canonical name, e.g. `Windows-1251`.
    public var description: String { rawValue }

    /// Parses an encoding name in any of the forms `.cpg` files, GDAL and command lines use.
    ///
    /// Case, spaces, `-` and `_` are ignored for the known forms: `UTF-8`, `utf8`, `65001`;
    /// code page numbers alone or prefixed with `CP`, `windows`, `win`, `ANSI`, `IBM`, `OEM`,
    /// `DOS`, `MS` (`1251`, `CP1251`, `windows-1251`, `866`, `IBM866`, `932`); the Windows
    /// numbers of KOI8 and ISO pages (`20866`, `21866`, `28591`...`28605`); `KOI8-R`, `KOI8-U`,
    /// `ISO-8859-x` (`ISO8859_1`, `8859-1`, `88591`, `latin1`); `ASCII` as UTF-8; the CJK
    /// names `Shift_JIS`, `SJIS`, `GBK`, `GB2312`, `Big5`, `EUC-KR`, `UHC`. Any other name
    /// the system's iconv can convert from (`GB18030`, `EUC-JP`, `CP1255`, `MACCYRILLIC`) is
    /// accepted as written, as GDAL does; GDAL's `LDID/n` names language-driver id `n`.
    ///
    /// - Parameter name: The name, e.g. the trimmed content of a `.cpg`.
    /// - Returns: `nil` for names iconv does not know either, or that name no page (`SYSTEM`, `OEM`).
    /// - Complexity: O(name length), plus one `iconv_open` for a name not known here.
    ///
    /// ```swift
    /// ShapefileEncoding(name: "ANSI 1251")   // .windows1251
    /// ShapefileEncoding(name: "IBM866")      // .cp866
    /// ShapefileEncoding(name: "Big5")        // .big5
    /// ShapefileEncoding(name: "SYSTEM")      // nil
    /// ```
    public init?(name: String) {
        var key = ""
        for ch in name.uppercased() where !" -_\t\r\n\u{FEFF}".contains(ch) { key.append(ch) }
        // GDAL's "LDID/n": the DBF language-driver id n, written into a .cpg.
        if key.hasPrefix("LDID/") {
            guard let id = UInt8(key.dropFirst(5)), let e = Self.languageDriver(id) else { return nil }
            self = e
            return
        }
        switch key {
        case "": return nil
        case "UTF8", "65001", "ASCII", "USASCII": self = .utf8; return
        case "KOI8R": self = .koi8R; return
        case "KOI8U": self = .koi8U; return
        case "LATIN1", "L1": self = .iso8859_1; return
        case "LATIN2", "L2": self = .iso8859_2; return
        case "LATIN9", "CYRILLIC": self = key == "LATIN9" ? .iso8859_15 : .iso8859_5; return
        case "SHIFTJIS", "SJIS", "MSKANJI", "WINDOWS31J": self = .shiftJIS; return
        case "GBK", "GB2312", "EUCCN": self = .gbk; return
        case "BIG5": self = .big5; return
        case "EUCKR", "UHC", "KSC5601", "KSC56011987": self = .cp949; return
        case "TIS620": self = .windows874; return
        default: break
        }
        // ISO-8859-x, as `ISO88595`, `88595` or `8859-5` (GDAL), and the Windows numbers 2859x.
        for prefix in ["ISO8859", "8859", "2859"] where key.hasPrefix(prefix) {
            let part = Int(key.dropFirst(prefix.count)) ?? 0
            if let e = Self.iso8859(part) { self = e; return }
        }
        if let n = Int(key), n >= 28591, n <= 28606, let e = Self.iso8859(n - 28590) { self = e; return }
        var digits = key
        for prefix in ["WINDOWS", "WIN", "ANSI", "CP", "IBM", "OEM", "DOS", "MS"] where digits.hasPrefix(prefix) {
            digits.removeFirst(prefix.count)
            break
        }
        if let number = Int(digits), let e = Self.codePage(number) { self = e; return }
        // Anything else: as written, if iconv knows it (GDAL passes such names to iconv too).
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\u{FEFF}", with: "")
        guard !trimmed.isEmpty, trimmed.count <= 64, IconvConverter.isAvailable(trimmed) else { return nil }
        self.init(trimmed.uppercased(), iconv: trimmed)
    }

    /// ISO-8859-`part` (1...16, not 12).
    static func iso8859(_ part: Int) -> ShapefileEncoding? {
        switch part {
        case 1: return .iso8859_1
        case 2: return .iso8859_2
        case 5: return .iso8859_5
        case 15: return .iso8859_15
        case 3, 4, 6, 7, 8, 9, 10, 11, 13, 14, 16: return ShapefileEncoding("ISO-8859-\(part)", iconv: "ISO-8859-\(part)")
        default: return nil
        }
    }

    /// The encoding a DBF language-driver id (header byte 29) stands for.
    ///
    /// Mapping from the dBASE/ArcGIS language-driver table (as GDAL has it): 0xC9 Windows-1251,
    /// 0x26 and 0x65 CP866, 0x57 "ANSI" (the writer's Windows code page, read as Windows-1252
    /// unless the text says otherwise, see ``EncodingDecision``), 0x58/0x59/0x03 Windows-1252,
    /// 0xC8 1250, 0xCA 1254, 0xCB 1253, 0xCC 1257, 0x01/0x09/0x0B/0x0D/0x0F/0x11/0x15/0x18/0x19/
    /// 0x1B CP437, 0x02/0x0A/0x0E/0x10/0x12/0x14/0x16/0x1A/0x1D/0x25/0x37 CP850, 0x1F/0x22/0x23/
    /// 0x40/0x64/0x87 CP852, 0x13/0x7B CP932, 0x4D/0x7A CP936, 0x4E/0x79 CP949, 0x4F/0x78 CP950,
    /// 0x50/0x7C CP874, and the other DOS pages. 0x00 means "not set".
    ///
    /// - Parameter byte: The language-driver id.
    /// - Returns: `nil` for 0x00 and unknown ids.
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

    /// The encoding for a code page number: the named ones, any other 437...950 or 1250...1258
    /// that iconv has (as GDAL maps `.cpg` numbers), and the Windows numbers of KOI8.
    static func codePage(_ number: Int) -> ShapefileEncoding? {
        switch number {
        case 65001: return .utf8
        case 437: return .cp437
        case 850: return .cp850
        case 852: return .cp852
        case 866: return .cp866
        case 874: return .windows874
        case 932: return .shiftJIS
        case 936: return .gbk
        case 949: return .cp949
        case 950: return .big5
        case 1250: return .windows1250
        case 1251: return .windows1251
        case 1252: return .windows1252
        case 1253: return .windows1253
        case 1254: return .windows1254
        case 1257: return .windows1257
        case 20866: return .koi8R
        case 21866: return .koi8U
        case 20932: return ShapefileEncoding("EUC-JP", iconv: "EUC-JP")
        case 54936: return ShapefileEncoding("GB18030", iconv: "GB18030")
        case 437...950, 1250...1258:
            let name = number >= 1250 ? "Windows-\(number)" : "CP\(number)"
            return IconvConverter.isAvailable("CP\(number)") ? ShapefileEncoding(name, iconv: "CP\(number)") : nil
        default: return nil
        }
    }
}

/// Which encoding a `.dbf` is read with, and how that was decided.
///
/// Order: the caller's choice; else the `.cpg` (any name GDAL accepts); else the DBF
/// language-driver byte; else UTF-8 when every text byte is valid UTF-8; else the statistical
/// detector (``CodePageDetector``) over the text bytes, with its confidence (a warning below
/// ``confidenceThreshold``); the fallback, Windows-1252, only when there is no non-ASCII text
/// to go by. Language driver 0x57 only says "the writer's ANSI page" (a Russian machine
/// writes it with Windows-1251 text): valid UTF-8 text is read as UTF-8, other non-ASCII text
/// goes to the detector restricted to the Windows ANSI pages.
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
        /// Guessed by the statistical detector (``CodePageDetector``) from the text bytes;
        /// ``EncodingDecision/confidence`` says how sure it is.
        case detected
        /// Nothing decided it and the text is not UTF-8: the documented fallback.
        case fallback
    }

    /// The encoding used.
    public var encoding: ShapefileEncoding
    /// How it was decided.
    public var source: Source
    /// What else was seen on the way (an unrecognised `.cpg`, an unsupported language driver).
    public var notes: [String]
    /// For a detected encoding (``Source-swift.enum/detected``), the detector's confidence in
    /// 0...1; `nil` when the encoding was not guessed.
    public var confidence: Double?

    /// For a detected encoding, the candidates the detector weighed, most probable first
    /// (their probabilities sum to 1); empty otherwise.
    public var candidates: [CodePageDetector.Candidate] = []

    /// Below this confidence a detected encoding is reported as uncertain (a warning).
    public static let confidenceThreshold = 0.8

    /// Whether the encoding was guessed with a confidence below ``confidenceThreshold``.
    public var isUncertain: Bool { (confidence ?? 1) < Self.confidenceThreshold }

    /// Creates a decision.
    ///
    /// - Parameters:
    ///   - encoding: The encoding used.
    ///   - source: How it was decided.
    ///   - notes: Observations made while deciding.
    ///   - confidence: The detector's confidence, for a detected encoding.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let d = EncodingDecision(encoding: .windows1251, source: .cpg("1251"))
    /// print(d)   // Windows-1251 (from .cpg '1251')
    /// ```
    public init(encoding: ShapefileEncoding, source: Source, notes: [String] = [], confidence: Double? = nil) {
        self.encoding = encoding
        self.source = source
        self.notes = notes
        self.confidence = confidence
    }

    /// E.g. `Windows-1251 (from .cpg '1251')`.
    public var description: String {
        let how: String
        switch source {
        case .forced: how = "given by the caller"
        case .cpg(let text): how = "from .cpg '\(text)'"
        case .languageDriver(let b): how = "from the DBF language driver 0x\(String(b, radix: 16, uppercase: true))"
        case .validUTF8: how = "the text is valid UTF-8"
        case .detected: how = String(format: "detected from the text, confidence %.2f", confidence ?? 0)
        case .fallback: how = "fallback: no .cpg, no language driver, text not UTF-8"
        }
        let extra = notes.isEmpty ? "" : "; " + notes.joined(separator: "; ")
        return "\(encoding) (\(how)\(extra))"
    }
}
