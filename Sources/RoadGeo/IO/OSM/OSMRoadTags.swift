/// The tags a road import keeps, and how each becomes a typed JSON value.
///
/// | key | value |
/// |---|---|
/// | `name`, `name:ky`, `name:ru`, `ref`, `highway`, `surface`, `smoothness` | string |
/// | `oneway` | integer `1` for `yes`/`true`/`1`, `-1` for `-1`/`reverse`, `0` for `no`/`false`/`0`; other values (`reversible`, `alternating`) as strings |
/// | `maxspeed`, `lanes`, `layer` | integer when the value is one written canonically (`50`, `-1`), else the string (`RU:urban`, `30 mph`, `2;3`) |
/// | `bridge`, `tunnel` | `true` for `yes`/`true`/`1`, `false` for `no`/`false`/`0`, else the string (`viaduct`, `culvert`) |
/// | `junction`, `access`, `motor_vehicle`, `motorcar`, `vehicle` | string (read by ``RoadGraph`` for roundabouts and motor-vehicle access) |
///
/// An absent tag is `null`, so every road has the same properties. Nothing else is converted:
/// a value is typed only where the conversion is the tag's documented meaning in OSM.
///
/// ```swift
/// OSMRoadTags.typedValue(key: "lanes", value: "2")        // .integer(2)
/// OSMRoadTags.typedValue(key: "maxspeed", value: "RU:urban") // .string("RU:urban")
/// ```
public enum OSMRoadTags {
    /// The keys kept, in the order they appear in a road's properties.
    public static let keys = ["name", "name:ky", "name:ru", "ref", "highway", "surface", "smoothness", "oneway", "maxspeed",
                              "lanes", "bridge", "tunnel", "layer", "junction", "access", "motor_vehicle", "motorcar", "vehicle"]

    /// The typed value of a kept tag.
    /// - Parameters:
    ///   - key: One of ``keys``.
    ///   - value: The tag's value as in the file.
    /// - Returns: The JSON value for the road's properties.
    /// - Complexity: O(length of value).
    ///
    /// ```swift
    /// OSMRoadTags.typedValue(key: "oneway", value: "-1")   // .integer(-1)
    /// ```
    public static func typedValue(key: String, value: String) -> JSONValue {
        switch key {
        case "oneway":
            switch value {
            case "yes", "true", "1": return .integer(1)
            case "-1", "reverse": return .integer(-1)
            case "no", "false", "0": return .integer(0)
            default: return .string(value)
            }
        case "maxspeed", "lanes", "layer":
            if let n = Int64(value), String(n) == value { return .integer(n) }
            return .string(value)
        case "bridge", "tunnel":
            switch value {
            case "yes", "true", "1": return .bool(true)
            case "no", "false", "0": return .bool(false)
            default: return .string(value)
            }
        default:
            return .string(value)
        }
    }
}
