import Foundation

/// A statistical guess of a single-byte code page from text bytes, for DBFs whose `.cpg` and
/// language-driver byte are missing or say nothing useful.
///
/// The approach of the single-byte probers in Mozilla's universal charset detector (uchardet,
/// chardet): each candidate page decodes the bytes 0x80...0xFF of the sample, and the result
/// is scored under a language model of the scripts that page is written in:
///
/// - a **character-frequency model** per language group: Russian letter frequencies (the
///   Cyrillic pages; Ukrainian, Belarusian and Kyrgyz letters kept with small weights), the
///   accented letters of Western European languages (Windows-1252, ISO-8859-1/15, CP437/850),
///   of Central European ones (Windows-1250, ISO-8859-2, CP852), Turkish, Baltic and Greek;
///   symbols are rare and C1 controls or bytes the page leaves undefined rarer still;
/// - a **bigram model** over consecutive characters: letters of one script follow each other,
///   a lower-case letter is rarely followed by an upper-case one inside a word (KOI8-R read as
///   Windows-1251 swaps the cases), Latin letters do not sit inside Cyrillic words, and two
///   accented Latin letters in a row are unusual (Windows-1251 read as Windows-1252:
///   `àìáóëàòîðíî`).
///
/// The log-likelihoods give each candidate a probability (candidates that decode every byte
/// of the sample alike are one, named by the first); the confidence is the winner's
/// probability, lowered when the sample is small or the winner's decoding still has many
/// symbols in it.
///
/// ```swift
/// var sample = CodePageDetector.Sample()
/// sample.add(Array("улица Ленина".data(using: .windowsCP1251)!))
/// let guess = CodePageDetector.detect(sample)
/// print(guess?.encoding, guess?.confidence)   // Windows-1251, about 0.8 for one street name
/// ```
///
/// - Complexity: O(sample bytes) to collect, O(candidates × distinct byte pairs) to decide.
public enum CodePageDetector {
    /// A candidate encoding and its probability.
    ///
    /// ```swift
    /// for c in guess.candidates { print(c.encoding, c.probability) }
    /// ```
    public struct Candidate: Hashable, Sendable {
        /// The encoding.
        public var encoding: ShapefileEncoding
        /// Its probability among the candidates (they sum to 1).
        public var probability: Double
    }

    /// The detector's answer.
    ///
    /// ```swift
    /// if let guess = CodePageDetector.detect(sample), guess.confidence >= 0.8 { print(guess.encoding) }
    /// ```
    public struct Guess: Hashable, Sendable {
        /// The most probable encoding.
        public var encoding: ShapefileEncoding
        /// How sure the detector is, 0...1.
        public var confidence: Double
        /// Every candidate, most probable first.
        public var candidates: [Candidate]
        /// Non-ASCII bytes the guess rests on.
        public var evidence: Int
    }

    /// The counts the detector needs: how often each byte 0x80...0xFF occurs, and each pair of
    /// consecutive bytes of which at least one is 0x80 or above.
    ///
    /// ```swift
    /// var sample = CodePageDetector.Sample()
    /// for value in textValues { sample.add(value) }
    /// ```
    public struct Sample: Sendable {
        /// Occurrences of each byte (index = byte).
        var bytes = [Int](repeating: 0, count: 256)
        /// Occurrences of each pair (index = first << 8 | second), only pairs with a high byte.
        var pairs: [Int32] = []
        /// The pair indices seen, in first-seen order.
        var seenPairs: [Int32] = []
        /// Non-ASCII bytes added.
        public private(set) var highBytes = 0
        /// Once this many non-ASCII bytes are in, ``add(_:)`` takes no more (the guess is settled
        /// long before, and detection stays a small part of an import).
        public var limit = 65_536

        /// An empty sample.
        ///
        /// - Complexity: O(1).
        ///
        /// ```swift
        /// var sample = CodePageDetector.Sample()
        /// ```
        public init() {}

        /// Whether the sample holds as much as ``limit`` asks.
        public var isFull: Bool { highBytes >= limit }

        /// Adds one run of text (a field value: pairs do not cross from one run to the next).
        ///
        /// - Parameter text: The bytes.
        /// - Complexity: O(text.count).
        ///
        /// ```swift
        /// sample.add([0xD3, 0xEB, 0xE8, 0xF6, 0xE0])   // "Улица" in Windows-1251
        /// ```
        public mutating func add<C: Collection>(_ text: C) where C.Element == UInt8 {
            var previous: UInt8 = 0x20
            for b in text {
                if b >= 0x80 || previous >= 0x80 {
                    if b >= 0x80 { bytes[Int(b)] += 1; highBytes += 1 }
                    if pairs.isEmpty { pairs = [Int32](repeating: 0, count: 65_536) }
                    let k = Int(previous) << 8 | Int(b)
                    if pairs[k] == 0 { seenPairs.append(Int32(k)) }
                    pairs[k] += 1
                }
                previous = b
            }
            if previous >= 0x80 {
                let k = Int(previous) << 8 | 0x20
                if pairs[k] == 0 { seenPairs.append(Int32(k)) }
                pairs[k] += 1
            }
        }
    }

    /// The candidates when nothing narrows the choice, in order of preference for ties.
    public static let defaultCandidates: [ShapefileEncoding] = [
        .windows1251, .cp866, .koi8R, .iso8859_5, .koi8U, .windows1252, .iso8859_1, .iso8859_15, .windows1250,
        .iso8859_2, .cp850, .cp437, .cp852, .windows1253, .windows1254, .windows1257,
    ]

    /// The Windows "ANSI" pages, the candidates for language driver 0x57.
    public static let ansiCandidates: [ShapefileEncoding] = [
        .windows1251, .windows1252, .windows1250, .windows1253, .windows1254, .windows1257,
    ]

    /// Guesses the encoding of `sample` among `candidates`.
    ///
    /// - Parameters:
    ///   - sample: The counts.
    ///   - candidates: The single-byte pages to weigh, preferred first (ties go to the earlier one).
    /// - Returns: The guess, or `nil` when the sample has no byte 0x80 or above.
    /// - Complexity: O(candidates × (128 + distinct pairs)).
    ///
    /// ```swift
    /// let guess = CodePageDetector.detect(sample, among: CodePageDetector.ansiCandidates)
    /// ```
    public static func detect(_ sample: Sample, among candidates: [ShapefileEncoding] = defaultCandidates) -> Guess? {
        guard sample.highBytes > 0 else { return nil }
        struct Scored { var encoding: ShapefileEncoding; var score: Double; var table: [UInt16]; var letters: Double }
        var scored: [Scored] = []
        for e in candidates {
            guard let table = e.singleByteTable else { continue }
            let model = LanguageModel.for(e)
            var score = 0.0, letters = 0.0
            for b in 0x80...0xFF where sample.bytes[b] > 0 {
                let u = table[b - 0x80]
                let n = Double(sample.bytes[b])
                score += n * model.logP(u)
                if model.isLetter(u) { letters += n }
            }
            for k in sample.seenPairs {
                let a = Int(k >> 8), b = Int(k & 0xFF)
                let ua = a < 0x80 ? UInt16(a) : table[a - 0x80], ub = b < 0x80 ? UInt16(b) : table[b - 0x80]
                score += Double(sample.pairs[Int(k)]) * CharacterClass.transition(CharacterClass(ua), CharacterClass(ub))
            }
            scored.append(Scored(encoding: e, score: score, table: table, letters: letters))
        }
        guard !scored.isEmpty else { return nil }
        // Candidates that decode every observed byte alike are one answer: keep the first.
        var groups: [Scored] = []
        for s in scored {
            let same = groups.firstIndex { g in
                (0x80...0xFF).allSatisfy { b in sample.bytes[b] == 0 || g.table[b - 0x80] == s.table[b - 0x80] }
            }
            if same == nil { groups.append(s) }
        }
        let best = groups.map(\.score).max() ?? 0
        let weights = groups.map { exp($0.score - best) }
        let total = weights.reduce(0, +)
        var ranked = zip(groups, weights).map { Candidate(encoding: $0.0.encoding, probability: $0.1 / total) }
        ranked.sort { $0.probability > $1.probability }
        guard let winner = ranked.first, let top = groups.first(where: { $0.encoding == winner.encoding }) else { return nil }
        let n = Double(sample.highBytes)
        let sampleFactor = 1 - exp(-n / 8)
        let letterShare = top.letters / n
        let plausibility = min(1, letterShare / 0.9)
        return Guess(encoding: winner.encoding, confidence: winner.probability * sampleFactor * plausibility,
                     candidates: ranked, evidence: sample.highBytes)
    }
}

extension ShapefileEncoding {
    /// The upper half of a single-byte page, built through iconv; `nil` for UTF-8 and
    /// multi-byte pages.
    var singleByteTable: [UInt16]? {
        if self == .utf8 { return nil }
        if isLatin1 { return (0x80...0xFF).map { UInt16($0) } }
        return IconvConverter.singleByteTable(for: iconvName)
    }
}

// MARK: - Models

/// The kind of a character, for the bigram model.
enum CharacterClass {
    case space, digit, punctuation, asciiLower, asciiUpper, latinLower, latinUpper
    case cyrillicLower, cyrillicUpper, greekLower, greekUpper, other, symbol, control

    init(_ u: UInt16) {
        switch u {
        case 0x20, 0x09, 0x0A, 0x0D, 0xA0: self = .space
        case 0x30...0x39: self = .digit
        case 0x61...0x7A: self = .asciiLower
        case 0x41...0x5A: self = .asciiUpper
        case 0x00...0x1F, 0x7F...0x9F, 0xFFFD: self = .control
        case 0x21...0x7E: self = .punctuation
        default:
            guard let scalar = Unicode.Scalar(u), scalar.properties.isAlphabetic else { self = .symbol; return }
            let lower = !scalar.properties.isUppercase
            switch u {
            case 0x370...0x3FF: self = lower ? .greekLower : .greekUpper
            case 0x400...0x52F: self = lower ? .cyrillicLower : .cyrillicUpper
            case 0xC0...0x24F, 0x1E00...0x1EFF: self = lower ? .latinLower : .latinUpper
            default: self = .other
            }
        }
    }

    var isLetter: Bool {
        switch self {
        case .asciiLower, .asciiUpper, .latinLower, .latinUpper, .cyrillicLower, .cyrillicUpper, .greekLower, .greekUpper, .other: return true
        default: return false
        }
    }

    var script: Int {
        switch self {
        case .asciiLower, .asciiUpper, .latinLower, .latinUpper: return 1
        case .cyrillicLower, .cyrillicUpper: return 2
        case .greekLower, .greekUpper: return 3
        case .other: return 4
        default: return 0
        }
    }

    var isLower: Bool { self == .asciiLower || self == .latinLower || self == .cyrillicLower || self == .greekLower }
    var isUpper: Bool { self == .asciiUpper || self == .latinUpper || self == .cyrillicUpper || self == .greekUpper }
    var isAccentedLatin: Bool { self == .latinLower || self == .latinUpper }

    /// log P(the pair is seen | real text), up to a constant shared by all candidates.
    static func transition(_ a: CharacterClass, _ b: CharacterClass) -> Double {
        if a == .control || b == .control { return -7 }
        if a.isLetter && b.isLetter {
            if a.script != b.script { return -5 }                         // Latin inside a Cyrillic word
            var p = 0.0
            if a.isAccentedLatin && b.isAccentedLatin { p -= 2.5 }         // "àìáó": Cyrillic read as Latin
            if a.isLower && b.isUpper { p -= 3 }                           // "хМ": KOI8-R read as 1251
            return p
        }
        if (a.isLetter && b == .symbol) || (a == .symbol && b.isLetter) { return -2.3 }
        if a == .symbol && b == .symbol { return -1.6 }
        return 0
    }
}

/// Character frequencies of the high half for one language group.
struct LanguageModel {
    /// log P per scalar, for the scalars the model knows.
    let logs: [UInt16: Double]
    /// log P of a letter the model does not list.
    let otherLetter: Double
    /// log P of a symbol (non-letter, printable).
    let symbol: Double

    func logP(_ u: UInt16) -> Double {
        if let p = logs[u] { return p }
        switch CharacterClass(u) {
        case .control: return -14
        case .symbol, .punctuation, .space, .digit: return symbol
        default: return otherLetter
        }
    }

    func isLetter(_ u: UInt16) -> Bool { CharacterClass(u).isLetter }

    /// Builds a model from relative weights of lower-case letters (upper case gets
    /// `upperShare` of each letter's weight) and a share for everything else.
    init(lower: [(Character, Double)], upperShare: Double, otherLetterShare: Double, symbolShare: Double) {
        var weights: [UInt16: Double] = [:]
        for (ch, w) in lower {
            guard let s = ch.unicodeScalars.first, s.value <= 0xFFFF else { continue }
            weights[UInt16(s.value), default: 0] += w
            for up in String(ch).uppercased().unicodeScalars where up != s && up.value <= 0xFFFF {
                weights[UInt16(up.value), default: 0] += w * upperShare
            }
        }
        let total = weights.values.reduce(0, +)
        let letterShare = 1 - otherLetterShare - symbolShare
        logs = weights.mapValues { log(letterShare * $0 / total) }
        otherLetter = log(otherLetterShare / 200)
        symbol = log(symbolShare / 40)
    }

    static func `for`(_ e: ShapefileEncoding) -> LanguageModel {
        switch e {
        case .windows1251, .cp866, .koi8R, .koi8U, .iso8859_5: return russian
        case .windows1250, .iso8859_2, .cp852: return centralEuropean
        case .windows1254: return turkish
        case .windows1257: return baltic
        case .windows1253: return greek
        default: return western
        }
    }

    // Russian letter frequencies (per mille, the National Corpus of the Russian Language as
    // commonly tabulated), with Ukrainian, Belarusian and Kyrgyz letters at small weights.
    static let russian = LanguageModel(lower: [
        ("о", 109.7), ("е", 84.5), ("а", 80.1), ("и", 73.5), ("н", 67.0), ("т", 62.6), ("с", 54.7), ("р", 47.3),
        ("в", 45.4), ("л", 44.0), ("к", 34.9), ("м", 32.1), ("д", 29.8), ("п", 28.1), ("у", 26.2), ("я", 20.1),
        ("ы", 19.0), ("ь", 17.4), ("г", 17.0), ("з", 16.5), ("б", 15.9), ("ч", 14.4), ("й", 12.1), ("х", 9.7),
        ("ж", 9.4), ("ш", 7.3), ("ю", 6.4), ("ц", 4.8), ("щ", 3.6), ("э", 3.2), ("ф", 2.6), ("ъ", 0.4), ("ё", 0.4),
        ("і", 1.0), ("ї", 0.3), ("є", 0.3), ("ґ", 0.1), ("ў", 0.2), ("ө", 0.5), ("ү", 0.5), ("ң", 0.5),
    ], upperShare: 0.5, otherLetterShare: 0.002, symbolShare: 0.02)

    // Accented letters in Western European text (French, German, Spanish, Portuguese, Italian,
    // Dutch, Nordic), relative weights.
    static let western = LanguageModel(lower: [
        ("é", 22), ("ü", 7), ("ö", 6), ("ä", 6), ("à", 4), ("è", 4), ("ó", 4), ("á", 4), ("í", 3.5), ("ñ", 3),
        ("ç", 2.5), ("ß", 2), ("å", 2), ("ú", 1.5), ("ã", 1.5), ("ê", 1.5), ("ø", 1.5), ("â", 1), ("ô", 0.8),
        ("æ", 0.8), ("î", 0.5), ("ë", 0.5), ("õ", 0.5), ("ï", 0.3), ("û", 0.3), ("ò", 0.3), ("ì", 0.2), ("ù", 0.2),
        ("ý", 0.1), ("ÿ", 0.05), ("þ", 0.05), ("ð", 0.1),
    ], upperShare: 0.15, otherLetterShare: 0.003, symbolShare: 0.05)

    // Czech, Polish, Hungarian, Slovak, Slovenian, Croatian, Romanian.
    static let centralEuropean = LanguageModel(lower: [
        ("á", 8), ("é", 6), ("í", 6), ("ó", 4), ("č", 5), ("ě", 4), ("š", 4), ("ž", 4), ("ł", 4), ("ř", 3),
        ("ý", 3), ("ą", 2), ("ę", 2), ("ö", 2), ("ć", 1.5), ("ś", 1.5), ("ż", 1.5), ("ă", 1.5), ("ú", 1), ("ů", 1),
        ("ń", 1), ("ő", 1), ("ü", 1), ("â", 1), ("î", 1), ("ş", 1), ("ţ", 1), ("ș", 0.5), ("ț", 0.5), ("ď", 0.5),
        ("ň", 0.5), ("ť", 0.5), ("ű", 0.5), ("ľ", 0.5), ("đ", 0.5), ("ä", 0.3), ("ô", 0.2), ("ź", 0.3),
        ("ĺ", 0.1), ("ŕ", 0.1),
    ], upperShare: 0.15, otherLetterShare: 0.003, symbolShare: 0.05)

    static let turkish = LanguageModel(lower: [
        ("ı", 20), ("ü", 15), ("ş", 12), ("ç", 12), ("ğ", 10), ("ö", 10), ("â", 1), ("î", 0.5), ("û", 0.5),
    ], upperShare: 0.2, otherLetterShare: 0.003, symbolShare: 0.05)

    static let baltic = LanguageModel(lower: [
        ("ā", 10), ("ī", 8), ("ē", 6), ("š", 6), ("ė", 5), ("ū", 4), ("ž", 4), ("ų", 4), ("č", 3), ("ą", 3),
        ("į", 3), ("ü", 3), ("ä", 3), ("ę", 2), ("ļ", 2), ("ņ", 2), ("ö", 2), ("ķ", 1), ("ģ", 1), ("õ", 1),
    ], upperShare: 0.15, otherLetterShare: 0.003, symbolShare: 0.05)

    static let greek = LanguageModel(lower: [
        ("α", 12), ("ο", 10), ("ι", 9), ("ε", 8), ("τ", 8), ("σ", 4), ("ς", 4), ("ν", 7), ("η", 5), ("υ", 4),
        ("ρ", 5), ("π", 4), ("κ", 4), ("μ", 3.5), ("λ", 3), ("ω", 2), ("δ", 2), ("γ", 2), ("χ", 1), ("θ", 1),
        ("φ", 1), ("β", 0.7), ("ξ", 0.5), ("ζ", 0.4), ("ψ", 0.2), ("ά", 2), ("έ", 1.5), ("ή", 1), ("ί", 2),
        ("ό", 2), ("ύ", 1), ("ώ", 1),
    ], upperShare: 0.3, otherLetterShare: 0.002, symbolShare: 0.03)
}
