import Foundation
@testable import RoadGeo

/// Oracles for the clustering tests: all-pairs DBSCAN written independently of the library
/// (union-find over core points, border rule and renumbering spelled out), the adjusted Rand
/// index, and seeded point generators.
enum ClusterOracle {
    /// All-pairs DBSCAN by the rules documented on `ClusterLabels`, for any symmetric relation.
    static func dbscan(count n: Int, minPoints: Int, related: (Int, Int) -> Bool) -> (labels: [Int32], isCore: [Bool]) {
        var adjacency = [[Int]](repeating: [], count: n)
        for i in 0..<n {
            for j in (i + 1)..<max(n, i + 1) where related(i, j) {
                adjacency[i].append(j)
                adjacency[j].append(i)
            }
        }
        let core = (0..<n).map { adjacency[$0].count + 1 >= minPoints }
        // Union-find over core-core edges.
        var parent = Array(0..<n)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        for i in 0..<n where core[i] {
            for j in adjacency[i] where core[j] {
                let a = find(i), b = find(j)
                if a != b { parent[max(a, b)] = min(a, b) }
            }
        }
        // A component's key: its lowest core index (the root, since unions keep the minimum).
        var key = [Int](repeating: -1, count: n)
        for i in 0..<n where core[i] { key[i] = find(i) }
        for i in 0..<n where !core[i] {
            key[i] = adjacency[i].filter { core[$0] }.map { find($0) }.min() ?? -1
        }
        var map: [Int: Int32] = [:]
        var labels = [Int32](repeating: -1, count: n)
        for i in 0..<n where key[i] >= 0 {
            if map[key[i]] == nil { map[key[i]] = Int32(map.count) }
            labels[i] = map[key[i]]!
        }
        return (labels, core)
    }

    /// All-pairs DBSCAN over points with `LocalRuler.distance` and optional constraints.
    static func dbscan(_ points: [Coordinate], eps: Double, minPoints: Int, categories: [Int32]? = nil,
                       times: [Double]? = nil, window: Double? = nil) -> (labels: [Int32], isCore: [Bool]) {
        dbscan(count: points.count, minPoints: minPoints) { i, j in
            guard points[i].isValidGeographic, points[j].isValidGeographic else { return false }
            guard LocalRuler.distance(points[i], points[j]) <= eps else { return false }
            if let categories, categories[i] != categories[j] { return false }
            if let times, let window, !(abs(times[i] - times[j]) <= window) { return false }
            return true
        }
    }

    /// Adjusted Rand index of two labelings (Hubert & Arabie 1985); noise points count as singletons.
    static func adjustedRandIndex(_ a: [Int32], _ b: [Int32]) -> Double {
        precondition(a.count == b.count)
        let n = a.count
        guard n > 1 else { return 1 }
        // Noise as singletons: give each noise point its own label.
        func expand(_ l: [Int32]) -> [Int] { l.enumerated().map { $0.element >= 0 ? Int($0.element) : -1 - $0.offset } }
        let x = expand(a), y = expand(b)
        var table: [Int: [Int: Int]] = [:]
        var rows: [Int: Int] = [:], cols: [Int: Int] = [:]
        for i in 0..<n {
            table[x[i], default: [:]][y[i], default: 0] += 1
            rows[x[i], default: 0] += 1
            cols[y[i], default: 0] += 1
        }
        func c2(_ v: Int) -> Double { Double(v) * Double(v - 1) / 2 }
        let index = table.values.reduce(0.0) { $0 + $1.values.reduce(0.0) { $0 + c2($1) } }
        let sumRows = rows.values.reduce(0.0) { $0 + c2($1) }
        let sumCols = cols.values.reduce(0.0) { $0 + c2($1) }
        let expected = sumRows * sumCols / c2(n)
        let maximum = (sumRows + sumCols) / 2
        if maximum == expected { return 1 }   // both all singletons or both one cluster
        return (index - expected) / (maximum - expected)
    }

    /// Seeded points in duplicate groups (2-6 within 7.5 m), scattered singles and 10 m chains
    /// around `center`, spread over about `spreadMeters`.
    static func reports(count: Int, center: Coordinate, spreadMeters: Double, seed: UInt64) -> [Coordinate] {
        var rng = SplitMix64(seed: seed)
        let ruler = LocalRuler(latitude: center.latitude)
        func offset(_ c: Coordinate, _ dx: Double, _ dy: Double) -> Coordinate {
            Coordinate(c.longitude + dx / ruler.metersPerDegreeLongitude, c.latitude + dy / ruler.metersPerDegreeLatitude)
        }
        var out: [Coordinate] = []
        while out.count < count {
            let spot = offset(center, Double.random(in: -spreadMeters...spreadMeters, using: &rng),
                              Double.random(in: -spreadMeters...spreadMeters, using: &rng))
            let kind = Double.random(in: 0..<1, using: &rng)
            if kind < 0.3 {
                for _ in 0..<Int.random(in: 2...6, using: &rng) {
                    out.append(offset(spot, Double.random(in: -7.5...7.5, using: &rng), Double.random(in: -7.5...7.5, using: &rng)))
                }
            } else if kind < 0.35 {
                let angle = Double.random(in: 0..<(2 * .pi), using: &rng)
                for k in 0..<Int.random(in: 3...8, using: &rng) {
                    let d = Double(k) * Double.random(in: 9...16, using: &rng)
                    out.append(offset(spot, d * cos(angle), d * sin(angle)))
                }
            } else if kind < 0.38 && !out.isEmpty {
                out.append(out[Int.random(in: 0..<out.count, using: &rng)])   // exact duplicate
            } else {
                out.append(spot)
            }
        }
        return Array(out.prefix(count))
    }
}
