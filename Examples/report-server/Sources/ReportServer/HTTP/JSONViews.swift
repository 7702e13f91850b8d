import Hummingbird
import NIOCore
import RoadGeo

/// An answer that builds its own JSON (snake_case keys, sorted; absent optionals omitted), written
/// by RoadGeo's JSON writer when it is the whole answer and wrapped for `JSONEncoder` when it sits
/// inside another answer, so both paths give the same members from one definition. The road page
/// holds hundreds of reports; through `JSONEncoder`'s key conversion it spent 80% of its time
/// encoding.
public protocol JSONView: Encodable, ResponseGenerator {
    /// The answer as a JSON value.
    var json: JSONValue { get }
}

extension JSONView {
    public func encode(to encoder: any Encoder) throws { try EncodableJSON(value: json).encode(to: encoder) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1 << 12)
        do {
            try GeoJSONWriter(coordinatePrecision: nil).append(json, to: &bytes)
        } catch {
            throw APIError(.internalServerError, "cannot write the answer: \(error.message)")
        }
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// An object's members as they are added, sorted by key when the object is made.
struct JSONMembers {
    private var members: [JSONObject.Member] = []

    init(capacity: Int) { members.reserveCapacity(capacity) }

    mutating func add(_ key: String, _ value: JSONValue?) {
        if let value { members.append(.init(key, value)) }
    }
    mutating func add(_ key: String, _ value: String?) { add(key, value.map(JSONValue.string)) }
    mutating func add(_ key: String, _ value: Double?) { add(key, value.map(JSONValue.number)) }
    mutating func add(_ key: String, _ value: Int?) { add(key, value.map { JSONValue.integer(Int64($0)) }) }
    mutating func add(_ key: String, _ value: Int64?) { add(key, value.map(JSONValue.integer)) }
    mutating func add(_ key: String, _ value: Bool) { add(key, JSONValue.bool(value)) }
    mutating func add(_ key: String, _ values: [String]) { add(key, JSONValue.array(values.map(JSONValue.string))) }
    mutating func add(_ key: String, _ values: [Int64]) { add(key, JSONValue.array(values.map(JSONValue.integer))) }
    mutating func add(_ key: String, _ views: [some JSONView]) { add(key, JSONValue.array(views.map(\.json))) }

    /// The object, keys in byte order as `JSONEncoder`'s `.sortedKeys` gives them.
    var object: JSONValue {
        .object(JSONObject(members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }))
    }
}

extension JSONValue {
    /// The value with every object's keys sorted and a repeated key keeping its last value, as
    /// `JSONEncoder` writes a dictionary with `.sortedKeys`.
    var sortingKeys: JSONValue {
        switch self {
        case .array(let values): return .array(values.map(\.sortingKeys))
        case .object(let object):
            var last: [String: Int] = [:]
            for (i, m) in object.members.enumerated() { last[m.key] = i }
            let kept = object.members.indices.filter { last[object.members[$0].key] == $0 }
                .map { JSONObject.Member(object.members[$0].key, object.members[$0].value.sortingKeys) }
            return .object(JSONObject(kept.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }))
        default: return self
        }
    }
}
