// The record table: the .shp walk reconciled with the .shx, and the record numbers that pair
// each shape with its DBF row. The pointer code (header checks, the walk) is in +Unsafe.

extension ShapefileReader {
    /// Reconciles the `.shx` entries with the walk of the `.shp`.
    ///
    /// An entry whose offset holds a record header with the entry's length is used (its record
    /// number comes from the header, so swapped entries pair nothing wrongly: they are
    /// reported). An entry that points elsewhere is replaced by the walked record with the
    /// entry's number, or kept so that decoding reports it. Walked records no entry reached
    /// are added when their number is new, and reported as stale copies otherwise.
    static func reconcile(entries: [RecordLocation], checked: [RecordLocation?], walked: [RecordLocation],
                          indexName: String, warnings: inout [String]) -> [RecordLocation] {
        // The common case: the index and the walk agree entry for entry.
        if entries.count == walked.count,
           !zip(checked, walked).enumerated().contains(where: { k, pair in pair.0 != pair.1 || pair.1.number != k + 1 }) {
            return walked
        }
        var walkedByNumber: [Int: RecordLocation] = [:]
        for w in walked where walkedByNumber[w.number] == nil { walkedByNumber[w.number] = w }
        var out: [RecordLocation] = []
        out.reserveCapacity(max(entries.count, walked.count))
        var used = Set<Int>()
        let claimed = Set(checked.compactMap { $0?.offset })
        var problems: [String] = []
        for (i, entry) in entries.enumerated() {
            let n = i + 1
            if let h = checked[i] {
                if h.number != n {
                    problems.append("entry \(n) points to the header of record \(h.number) (byte \(h.offset)); that record keeps its own number \(h.number)")
                }
                out.append(h)
                used.insert(h.offset)
            } else if let w = walkedByNumber[n], !used.contains(w.offset), !claimed.contains(w.offset) {
                problems.append("entry \(n) (byte \(entry.offset), \(entry.contentBytes) bytes) is not the header of record \(n); record \(n) found at byte \(w.offset) by walking the .shp")
                out.append(w)
                used.insert(w.offset)
            } else {
                problems.append("entry \(n) (byte \(entry.offset), \(entry.contentBytes) bytes) points to no record header and the .shp walk found no record \(n)")
                out.append(entry)  // decoding names the problem; the record is reported as skipped
            }
        }
        for p in problems.prefix(20) { warnings.append("\(indexName): \(p)") }
        if problems.count > 20 { warnings.append("\(indexName): ... \(problems.count - 20) more entries disagree with the .shp") }
        let numbers = Set(out.map(\.number))
        var added = 0, stale = 0
        for w in walked where !used.contains(w.offset) {
            if numbers.contains(w.number) { stale += 1; continue }
            out.append(w)
            added += 1
        }
        if added > 0 {
            warnings.append("\(indexName) lists \(entries.count) records but the .shp holds \(entries.count + added); the \(added) missing from the index were found by walking the .shp")
        }
        if stale > 0 {
            warnings.append("\(stale) record headers in the .shp that no .shx entry points to repeat listed record numbers (stale copies); ignored")
        }
        return out
    }

    /// Orders the table by record number when the numbers are usable (all at least 1, no
    /// repeats); otherwise numbers records by position, with a warning.
    static func numbered(_ table: [RecordLocation], warnings: inout [String]) -> [RecordLocation] {
        // The common case: numbers strictly increasing from at least 1 (so no repeats).
        var increasing = true
        for k in table.indices where table[k].number < 1 || (k > 0 && table[k].number <= table[k - 1].number) { increasing = false; break }
        if increasing { return table }
        var seen = Set<Int>()
        var usable = true
        for r in table where r.number < 1 || !seen.insert(r.number).inserted { usable = false; break }
        if usable {
            var sorted = table
            var inOrder = true
            for k in sorted.indices.dropFirst() where sorted[k].number < sorted[k - 1].number { inOrder = false; break }
            if !inOrder { sorted.sort { $0.number < $1.number } }
            return sorted
        }
        warnings.append("record numbers in the .shp record headers repeat or are below 1; records are numbered (and paired with DBF rows) by position instead")
        return table.enumerated().map { RecordLocation(offset: $1.offset, contentBytes: $1.contentBytes, number: $0 + 1) }
    }
}
