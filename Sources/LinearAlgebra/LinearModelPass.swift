import CKernels

/// One fused pass of a linear model over the rows of X, for the gradient of a loss on logits:
///
///     Z = X·Wᵀ,  R = residuals(Z),  G = Rᵀ·X  (= (Xᵀ·R)ᵀ)
///
/// with X `rows × columns`, W and G `outputs × columns`, all row-major. Each block of rows is
/// read from memory once and used twice while it sits in L1: first for its logits, then, once
/// the caller has turned them into residuals, for its share of G. With few outputs (a
/// classifier head has 1–8) the two products are thin, and sgemm spends much of its time
/// packing X for them; here nothing is copied.
///
/// Rows are split into `workers` contiguous ranges, one per worker, fixed by `rows` and
/// `workers` alone; each worker sums its G in Float over runs of `flushRows` rows and adds each
/// run into its own Double total, and the totals are added in worker order. So the result is
/// bit-identical for the same inputs and `workers` on one machine (CPUs with AVX-512 or AVX2
/// run the two products in `CKernels`, others in the portable Swift loops below, and each
/// rounds in its own order).
extension Kernels {
    /// The products' instruction set on this CPU: 2 AVX-512, 1 AVX2 + FMA (both in
    /// `CKernels`), 0 the portable Swift loops here.
    public static let passVectorLevel = Int(ck_vector_level())

    /// Bytes of X per block: well inside a 32–48 KiB L1 data cache, with room for W and G.
    static let passBlockBytes = 24 << 10
    /// Rows summed in Float before they are added into the Double total.
    static let flushRows = 1024
    /// Fewer rows than this per worker cost more in dispatch than they save.
    public static let passMinimumRowsPerWorker = 2048

    /// The workers `linearModelPass` uses for `rows` rows when offered `workers`.
    public static func passWorkers(rows: Int, workers: Int) -> Int {
        max(1, min(workers, rows / passMinimumRowsPerWorker))
    }

    /// The fused pass described above.
    ///
    /// - `gradient`: `outputs × columns` Doubles, overwritten with Σ over rows of rᵢ·xᵢᵀ.
    /// - `residuals(worker, rows, values)`: `values` holds the logits of `rows`
    ///   (`rows.count × outputs`, row-major); the closure overwrites them with that block's
    ///   residuals. `worker` is in `0..<passWorkers(rows:workers:)`: a caller sums its own
    ///   per-row quantities (loss, bias gradient) per worker and adds them in worker order.
    public static func linearModelPass(
        x: UnsafePointer<Float>, rows: Int, columns: Int,
        weights: UnsafePointer<Float>, outputs: Int,
        gradient: UnsafeMutablePointer<Double>,
        workers: Int,
        residuals: @Sendable (_ worker: Int, _ rows: Range<Int>, _ values: UnsafeMutablePointer<Float>) -> Void
    ) {
        linearModelPass(x: x, rows: rows, columns: columns, weights: weights, outputs: outputs, gradient: gradient,
                        workers: workers, level: passVectorLevel, residuals: residuals)
    }

    /// The pass at a given `passVectorLevel` or below (tests run each).
    static func linearModelPass(
        x: UnsafePointer<Float>, rows: Int, columns: Int,
        weights: UnsafePointer<Float>, outputs: Int,
        gradient: UnsafeMutablePointer<Double>,
        workers: Int, level: Int,
        residuals: @Sendable (_ worker: Int, _ rows: Range<Int>, _ values: UnsafeMutablePointer<Float>) -> Void
    ) {
        precondition((0...passVectorLevel).contains(level), "vector level \(level) on a CPU that runs \(passVectorLevel)")
        precondition(rows >= 0 && columns > 0 && outputs > 0, "empty linear model pass")
        let size = outputs * columns
        let used = passWorkers(rows: rows, workers: workers)
        let totals = UnsafeMutablePointer<Double>.allocate(capacity: used * size)
        totals.initialize(repeating: 0, count: used * size)
        defer { totals.deallocate() }
        let shared = SharedPointer(totals)
        let source = SharedPointer(UnsafeMutablePointer(mutating: x))
        let model = SharedPointer(UnsafeMutablePointer(mutating: weights))
        let perWorker = (rows + used - 1) / max(used, 1)
        Parallel.run(workers: used) { worker in
            let start = min(rows, worker * perWorker)
            let end = min(rows, start + perWorker)
            passRange(x: source.base, rows: start..<end, columns: columns, weights: model.base, outputs: outputs,
                      total: shared.base + worker * size, worker: worker, level: level, residuals: residuals)
        }
        gradient.update(from: totals, count: size)
        for worker in 1..<max(used, 1) {
            let total = totals + worker * size
            for index in 0..<size { gradient[index] += total[index] }
        }
    }

    /// One worker's rows: blocks of L1-resident rows, Float partial sums flushed into `total`.
    private static func passRange(
        x: UnsafePointer<Float>, rows range: Range<Int>, columns d: Int,
        weights: UnsafePointer<Float>, outputs k: Int,
        total: UnsafeMutablePointer<Double>, worker: Int, level: Int,
        residuals: (Int, Range<Int>, UnsafeMutablePointer<Float>) -> Void
    ) {
        let blockRows = max(4, passBlockBytes / (4 * d))
        let size = k * d
        let values = UnsafeMutablePointer<Float>.allocate(capacity: blockRows * k)
        // Each residual broadcast to a full vector once, instead of once per column chunk.
        let splats = UnsafeMutablePointer<Vector>.allocate(capacity: blockRows * k)
        let partial = UnsafeMutablePointer<Float>.allocate(capacity: size)
        defer {
            values.deallocate()
            splats.deallocate()
            partial.deallocate()
        }
        var runStart = range.lowerBound
        while runStart < range.upperBound {
            let runEnd = min(range.upperBound, runStart + flushRows)
            partial.initialize(repeating: 0, count: size)
            var blockStart = runStart
            while blockStart < runEnd {
                let count = min(blockRows, runEnd - blockStart)
                let block = x + blockStart * d
                // The next block's rows are fetched while the caller computes residuals: 9.3 →
                // 6.8 ms per 100,000 × 384 pass, measured with AVX-512 products.
                let nextRows = min(count, range.upperBound - blockStart - count)
                if level > 0 {
                    ck_logits(Int32(level), block, count, d, weights, k, values)
                    ck_prefetch(block + count * d, 4 * nextRows * d)
                    residuals(worker, blockStart..<(blockStart + count), values)
                    ck_accumulate(Int32(level), block, count, d, values, k, partial)
                    blockStart += count
                    continue
                }
                for row in 0..<count {
                    logits(block + row * d, weights, columns: d, outputs: k, into: values + row * k)
                }
                ck_prefetch(block + count * d, 4 * nextRows * d)
                residuals(worker, blockStart..<(blockStart + count), values)
                for index in 0..<(count * k) { splats[index] = Vector(repeating: values[index]) }
                var c = 0
                while c < k {
                    let group = min(4, k - c)
                    switch group {
                    case 4: accumulate(block, rows: count, columns: d, splats: splats + c, stride: k, into: partial + c * d, outputs: 4)
                    case 3: accumulate(block, rows: count, columns: d, splats: splats + c, stride: k, into: partial + c * d, outputs: 3)
                    case 2: accumulate(block, rows: count, columns: d, splats: splats + c, stride: k, into: partial + c * d, outputs: 2)
                    default: accumulate(block, rows: count, columns: d, splats: splats + c, stride: k, into: partial + c * d, outputs: 1)
                    }
                    c += group
                }
                blockStart += count
            }
            for index in 0..<size { total[index] += Double(partial[index]) }
            runStart = runEnd
        }
    }

    /// z[c] ← ⟨x, w_c⟩ for every output c, four outputs at a time.
    @inline(__always)
    private static func logits(
        _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, columns d: Int, outputs k: Int,
        into z: UnsafeMutablePointer<Float>
    ) {
        var c = 0
        while c < k {
            let group = min(4, k - c)
            let dots: SIMD4<Float>
            switch group {
            case 4: dots = dot(x, w + c * d, columns: d, outputs: 4)
            case 3: dots = dot(x, w + c * d, columns: d, outputs: 3)
            case 2: dots = dot(x, w + c * d, columns: d, outputs: 2)
            default: dots = dot(x, w + c * d, columns: d, outputs: 1)
            }
            for lane in 0..<group { z[c + lane] = dots[lane] }
            c += group
        }
    }

    /// ⟨x, w_c⟩ for `outputs` (1…4, a constant at every call site, so the branches fold away)
    /// consecutive rows of w.
    @inline(__always)
    private static func dot(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, columns d: Int, outputs: Int) -> SIMD4<Float> {
        var a0 = Vector.zero, a1 = Vector.zero, a2 = Vector.zero, a3 = Vector.zero
        var j = 0
        while j + 8 <= d {
            let v = load(x + j)
            a0 += v * load(w + j)
            if outputs > 1 { a1 += v * load(w + d + j) }
            if outputs > 2 { a2 += v * load(w + 2 * d + j) }
            if outputs > 3 { a3 += v * load(w + 3 * d + j) }
            j += 8
        }
        var result = SIMD4<Float>(a0.sum(), a1.sum(), a2.sum(), a3.sum())
        while j < d {
            result[0] += x[j] * w[j]
            if outputs > 1 { result[1] += x[j] * w[d + j] }
            if outputs > 2 { result[2] += x[j] * w[2 * d + j] }
            if outputs > 3 { result[3] += x[j] * w[3 * d + j] }
            j += 1
        }
        return result
    }

    /// g_c += Σ_rows r[row, c]·x_row for `outputs` (1…4, constant at each call site)
    /// consecutive rows of g. Column chunks outside, rows inside, so each chunk of g stays in
    /// registers across the block.
    @inline(__always)
    private static func accumulate(
        _ x: UnsafePointer<Float>, rows: Int, columns d: Int, splats: UnsafePointer<Vector>, stride: Int,
        into g: UnsafeMutablePointer<Float>, outputs: Int
    ) {
        var j = 0
        while j + 8 <= d {
            var g0 = load(g + j)
            var g1 = outputs > 1 ? load(g + d + j) : .zero
            var g2 = outputs > 2 ? load(g + 2 * d + j) : .zero
            var g3 = outputs > 3 ? load(g + 3 * d + j) : .zero
            for row in 0..<rows {
                let v = load(x + row * d + j)
                let r = splats + row * stride
                g0 += v * r[0]
                if outputs > 1 { g1 += v * r[1] }
                if outputs > 2 { g2 += v * r[2] }
                if outputs > 3 { g3 += v * r[3] }
            }
            store(g0, g + j)
            if outputs > 1 { store(g1, g + d + j) }
            if outputs > 2 { store(g2, g + 2 * d + j) }
            if outputs > 3 { store(g3, g + 3 * d + j) }
            j += 8
        }
        while j < d {
            for row in 0..<rows {
                let value = x[row * d + j]
                let r = splats + row * stride
                g[j] += value * r[0][0]
                if outputs > 1 { g[d + j] += value * r[1][0] }
                if outputs > 2 { g[2 * d + j] += value * r[2][0] }
                if outputs > 3 { g[3 * d + j] += value * r[3][0] }
            }
            j += 1
        }
    }
}
