import Foundation
import Hummingbird

/// The request context of every route: bodies are limited to ``maxUploadSize`` bytes (413 beyond;
/// photos have their own limit), answers are JSON with snake_case keys.
public struct ReportRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The peer's IP address (`unknown` when the channel has none, as in router tests).
    public let remoteAddress: String

    /// Creates the context for one request.
    public init(source: Source) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// 16 KiB: every JSON body the API takes is far smaller.
    public var maxUploadSize: Int { 16 << 10 }

    /// snake_case keys, ISO dates, keys sorted for stable output.
    public var responseEncoder: JSONEncoder {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }
}

extension Request {
    /// The body decoded as JSON `T`, or a 400 naming the field and the problem (413 past the size limit).
    /// - Parameter allowEmpty: An empty body gives nil instead of an error.
    func decodeJSON<T: Decodable>(_ type: T.Type, context: ReportRequestContext, allowEmpty: Bool = false) async throws -> T? {
        let buffer = try await body.collect(upTo: context.maxUploadSize)
        if buffer.readableBytes == 0 || buffer.readableBytesView.allSatisfy({ $0 == 32 || $0 == 10 || $0 == 13 || $0 == 9 }) {
            if allowEmpty { return nil }
            throw APIError.badRequest("request body: a JSON object is required")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw APIError.badRequest("request body: \(Self.describe(error))")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.isEmpty ? "(top level)" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let c): return "missing field '\(path(c.codingPath + [key]))'"
        case .valueNotFound(_, let c): return "field '\(path(c.codingPath))' must not be null"
        case .typeMismatch(let type, let c): return "field '\(path(c.codingPath))' must be \(Self.typeName(type))"
        case .dataCorrupted(let c):
            return c.codingPath.isEmpty ? "malformed JSON" : "field '\(path(c.codingPath))': \(c.debugDescription)"
        @unknown default: return "malformed JSON"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Int.Type, is Int64.Type: return "a number"
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        default: return "an object"
        }
    }
}

extension Parameters {
    /// The integer id in the path, or a 400.
    func id(_ name: String, of what: String) throws -> Int64 {
        guard let text = get(name), let id = Int64(text) else {
            throw APIError.badRequest("\(what) id must be an integer, got '\((get(name) ?? "").prefix(40))'")
        }
        return id
    }
}
