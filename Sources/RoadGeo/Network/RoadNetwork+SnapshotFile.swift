import Foundation

extension RoadNetwork {
    /// Writes ``snapshot()`` to a file, atomically (a reader never sees half a snapshot).
    /// - Parameter path: Where to write (e.g. `roads.rgnet`).
    /// - Throws: ``RoadNetworkError`` naming the file when it cannot be written.
    /// - Complexity: O(size).
    ///
    /// ```swift
    /// try network.writeSnapshot(to: "heidelberg.rgnet")
    /// ```
    public func writeSnapshot(to path: String) throws(RoadNetworkError) {
        do {
            try Data(snapshot()).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw RoadNetworkError(.io, "cannot write the network snapshot (\(error.localizedDescription))", path: path)
        }
    }

    /// Loads a network from a snapshot file written by ``writeSnapshot(to:)`` (see
    /// ``init(snapshot:)`` for the checks), without parsing GeoJSON or rebuilding the index.
    /// - Parameter path: The snapshot file.
    /// - Throws: ``RoadNetworkError`` naming the file and what is missing, truncated or corrupt.
    /// - Complexity: O(size).
    ///
    /// ```swift
    /// let network = try RoadNetwork(snapshotAt: "heidelberg.rgnet")
    /// ```
    public init(snapshotAt path: String) throws(RoadNetworkError) {
        let data: Data
        do {
            // Foundation on Linux leaks a 4 KB buffer reading an empty file: skip it for one.
            var info = stat()
            let empty = stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && info.st_size == 0
            data = empty ? Data() : try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw RoadNetworkError(.io, "cannot read the network snapshot (\(error.localizedDescription))", path: path)
        }
        // Parsed straight from the file's bytes (no copy into an array first).
        let result = data.withUnsafeBytes { raw in
            Result { () throws(RoadNetworkError) in try RoadNetwork(snapshotBytes: raw) }
        }
        do {
            self = try result.get()
        } catch {
            throw RoadNetworkError(error.kind, error.message, path: path)
        }
    }
}
