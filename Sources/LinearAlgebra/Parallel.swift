import Dispatch

/// Fork-join over a fixed number of workers, for kernels that split their rows themselves.
///
/// Callers that run BLAS inside `body` should keep `BLAS.threads` at 1 meanwhile, so the two
/// levels of threading do not compete for the same cores.
public enum Parallel {
    /// Runs `body(worker)` for every worker in `0..<workers` at once and returns when all are
    /// done. One worker runs on the calling thread without any dispatch.
    public static func run(workers: Int, _ body: @Sendable (_ worker: Int) -> Void) {
        if workers <= 1 {
            body(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: workers, execute: body)
        }
    }

    /// Splits `0..<count` into at most `workers` contiguous ranges of at least `minimumChunk`
    /// elements (except the last) and runs `body` on each at once.
    public static func chunks(
        _ count: Int, workers: Int, minimumChunk: Int = 1, _ body: @Sendable (Range<Int>) -> Void
    ) {
        guard count > 0 else { return }
        let used = max(1, min(workers, (count + max(1, minimumChunk) - 1) / max(1, minimumChunk)))
        if used == 1 {
            body(0..<count)
            return
        }
        let size = (count + used - 1) / used
        run(workers: used) { worker in
            let start = worker * size
            let end = min(count, start + size)
            if start < end { body(start..<end) }
        }
    }
}

/// A pointer that may cross into `Parallel` workers. Sound only because every worker writes
/// a disjoint part of the buffer and the fork-join waits for all of them.
public struct SharedPointer<Pointee>: @unchecked Sendable {
    public let base: UnsafeMutablePointer<Pointee>
    @inlinable public init(_ base: UnsafeMutablePointer<Pointee>) { self.base = base }
}
