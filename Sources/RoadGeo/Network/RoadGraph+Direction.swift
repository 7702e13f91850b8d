extension RoadGraph {
    /// Which way a graph lets each road be travelled.
    ///
    /// ``undirected`` (the default of ``RoadGraph/init(_:options:)``) makes every road two-way,
    /// as along-road clustering and marking a stretch on foot need. ``oneway`` honours one-way
    /// streets: `oneway=yes`/`true`/`1` forward only, `oneway=-1`/`reverse` backward only,
    /// implied on `highway=motorway`/`motorway_link` and `junction=roundabout`/`circular` unless
    /// `oneway=no`. ``motorVehicle`` adds the access rules for cars: roads not for motor
    /// vehicles (footways, paths, cycleways, steps, pedestrian streets, bridleways, corridors,
    /// platforms, construction) and roads whose most specific of `motorcar`, `motor_vehicle`,
    /// `vehicle`, `access` is `no`, `private`, `agricultural`, `forestry`, `emergency`, `psv`,
    /// `bus` or `delivery` are left out.
    ///
    /// ```swift
    /// let drive = RoadGraph(network, options: .motorVehicle)
    /// drive.path(from: a, to: b)   // never against a one-way street, never on a footway
    /// ```
    public struct Options: Hashable, Sendable {
        /// Honour one-way streets.
        public var honoursOneway: Bool
        /// Leave out roads closed to motor vehicles.
        public var motorVehiclesOnly: Bool

        /// Creates options.
        /// - Parameters:
        ///   - honoursOneway: Honour one-way streets.
        ///   - motorVehiclesOnly: Leave out roads closed to motor vehicles.
        /// - Complexity: O(1).
        ///
        /// ```swift
        /// RoadGraph.Options(honoursOneway: true, motorVehiclesOnly: false)
        /// ```
        public init(honoursOneway: Bool, motorVehiclesOnly: Bool) {
            self.honoursOneway = honoursOneway
            self.motorVehiclesOnly = motorVehiclesOnly
        }

        /// Every road two-way, every road usable.
        public static let undirected = Options(honoursOneway: false, motorVehiclesOnly: false)
        /// One-way streets honoured, every road usable.
        public static let oneway = Options(honoursOneway: true, motorVehiclesOnly: false)
        /// One-way streets honoured and roads closed to motor vehicles left out.
        public static let motorVehicle = Options(honoursOneway: true, motorVehiclesOnly: true)
    }

    /// The directions a road may be travelled in under these options.
    /// - Parameters:
    ///   - road: The road (its `highway`, `oneway`, `junction` and access properties, read as text).
    ///   - options: The rules.
    /// - Returns: Whether it may be travelled forward (along its vertices) and backward.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// RoadGraph.travel(Road(id: "1", line: line, properties: ["oneway": "-1"]), options: .oneway)   // (false, true)
    /// ```
    public static func travel(_ road: Road, options: Options) -> (forward: Bool, backward: Bool) {
        if options.motorVehiclesOnly {
            if let highway = road.text("highway"), notForMotorVehicles.contains(highway) { return (false, false) }
            for key in ["motorcar", "motor_vehicle", "vehicle", "access"] {
                guard let value = road.text(key) else { continue }
                if closedAccess.contains(value) { return (false, false) }
                break  // the most specific tag present decides
            }
        }
        guard options.honoursOneway else { return (true, true) }
        switch road.text("oneway")?.lowercased() {
        case "yes", "true", "1": return (true, false)
        case "-1", "reverse": return (false, true)
        case "no", "false", "0": return (true, true)
        default:
            let implied = ["motorway", "motorway_link"].contains(road.text("highway") ?? "")
                || ["roundabout", "circular"].contains(road.text("junction") ?? "")
            return implied ? (true, false) : (true, true)
        }
    }

    /// `highway` values motor vehicles may not use.
    static let notForMotorVehicles: Set<String> = ["footway", "path", "cycleway", "steps", "pedestrian", "bridleway",
                                                   "corridor", "platform", "construction", "proposed", "elevator", "via_ferrata"]
    /// Access values that close a road to ordinary motor traffic.
    static let closedAccess: Set<String> = ["no", "private", "agricultural", "forestry", "emergency", "psv", "bus", "delivery"]

    /// The start points of a search from a snapped point between stops `sa` and `sb`: `sa`
    /// (reached backward along the road) and `sb` (forward), with the distance to each, or
    /// infinity where the road may not be travelled that way.
    func seeds(_ start: RoadSnap, _ sa: Stop, _ sb: Stop) -> [(Stop, Double)] {
        let t = travel[start.roadIndex]
        return [(sa, t & 2 != 0 ? abs(start.measureMeters - sa.measure) : .infinity),
                (sb, t & 1 != 0 ? abs(sb.measure - start.measureMeters) : .infinity)]
    }

    /// The ways into a snapped end point between stops `ta` and `tb`: from `ta` (forward along
    /// the road) and from `tb` (backward), with the distance still to go, or infinity.
    func leaves(_ end: RoadSnap, _ ta: Stop, _ tb: Stop) -> [(Stop, Double)] {
        let t = travel[end.roadIndex]
        return [(ta, t & 1 != 0 ? abs(end.measureMeters - ta.measure) : .infinity),
                (tb, t & 2 != 0 ? abs(tb.measure - end.measureMeters) : .infinity)]
    }

    /// Whether a road may be travelled from measure `a` to measure `b`.
    func allows(road: Int, from a: Double, to b: Double) -> Bool {
        let t = travel[road]
        return b >= a ? t & 1 != 0 : t & 2 != 0
    }
}
