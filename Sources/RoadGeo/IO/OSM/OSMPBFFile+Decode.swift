import Dispatch
import Synchronization

extension OSMPBFFile {
    /// Decodes every `OSMData` blob on `threads` workers (each inflating into its own buffer and
    /// taking the next blob from a shared counter); the blocks come back in file order. The
    /// first error by blob order is thrown.
    func decodeBlocks(plan: OSMBlockPlan, threads: Int) throws(OSMPBFError) -> [OSMBlockContent] {
        let data = blobs.filter { $0.type == "OSMData" }
        var results = [Result<OSMBlockContent, OSMPBFError>?](repeating: nil, count: data.count)
        let workers = Swift.max(1, Swift.min(threads, data.count))
        if workers == 1 {
            var scratch: [UInt8] = []
            var out: [OSMBlockContent] = []
            out.reserveCapacity(data.count)
            for blob in data { out.append(try decode(blob, plan: plan, scratch: &scratch)) }
            return out
        }
        let next = Atomic<Int>(0)
        results.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let out = DecodedSlots(base)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                var scratch: [UInt8] = []
                while true {
                    let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard i < data.count else { break }
                    // Each slot is written by exactly one worker.
                    do throws(OSMPBFError) {
                        out.pointer[i] = .success(try decode(data[i], plan: plan, scratch: &scratch))
                    } catch {
                        out.pointer[i] = .failure(error)
                    }
                }
            }
        }
        var blocks: [OSMBlockContent] = []
        blocks.reserveCapacity(data.count)
        for (i, result) in results.enumerated() {
            switch result {
            case .success(let block): blocks.append(block)
            case .failure(let error): throw error
            case nil: throw OSMPBFError(.malformed, "blob was not decoded", path: path, blob: data[i].index, byteOffset: data[i].offset)
            }
        }
        return blocks
    }

    /// Decodes one data blob.
    func decode(_ blob: OSMBlobLocation, plan: OSMBlockPlan, scratch: inout [UInt8]) throws(OSMPBFError) -> OSMBlockContent {
        try withBlock(blob, scratch: &scratch) { (reader) throws(ProtobufError) in try OSMBlockContent.decode(reader, plan: plan) }
    }
}

/// The result slots handed to the decoding workers, which write disjoint entries.
private struct DecodedSlots: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Result<OSMBlockContent, OSMPBFError>?>
    init(_ pointer: UnsafeMutablePointer<Result<OSMBlockContent, OSMPBFError>?>) { self.pointer = pointer }
}
