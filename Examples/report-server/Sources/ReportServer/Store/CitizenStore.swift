import Foundation

extension AccessStore {
    /// Registers a new citizen and returns its id (the token is signed by ``CitizenTokens``).
    public func addCitizen(now: Double) throws(StoreError) -> Int64 {
        try db.withLock { db throws(StoreError) in
            try db.run("INSERT INTO citizens(created_at) VALUES(?)", [.real(now)])
            return db.lastInsertRowID
        }
    }
}
