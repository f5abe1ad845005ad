/// Row-wise and element-wise kernels over row-major `Float` buffers, vectorised eight lanes
/// at a time. Callers check sizes at their edge; these only `precondition`.
public enum Kernels {
    public typealias Vector = SIMD8<Float>

    // MARK: - Loads and stores

    @inlinable @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>) -> Vector {
        UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self)
    }

    @inlinable @inline(__always)
    static func store(_ vector: Vector, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: vector, as: Vector.self)
    }

    /// The first `count` (< 8) floats at `pointer`; the other lanes hold `fill`.
    @inlinable @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>, count: Int, fill: Float) -> Vector {
        var vector = Vector(repeating: fill)
        for lane in 0..<count { vector[lane] = pointer[lane] }
        return vector
    }

    @inlinable @inline(__always)
    static func store(_ vector: Vector, _ pointer: UnsafeMutablePointer<Float>, count: Int) {
        for lane in 0..<count { pointer[lane] = vector[lane] }
    }

    // MARK: - Transcendentals

    /// Lanes of `x` limited to `lower...upper`. Written with masks because the generic
    /// `pointwiseMin`/`pointwiseMax` are not lowered to vector instructions.
    @inlinable @inline(__always)
    static func clamp(_ x: Vector, _ lower: Float, _ upper: Float) -> Vector {
        let low = x.replacing(with: lower, where: x .< lower)
        return low.replacing(with: upper, where: low .> upper)
    }

    /// eˣ lane by lane, Cephes' `expf` reduction and polynomial (about 1 ulp); 0 below −87.
    @inlinable
    public static func exp(_ x: Vector) -> Vector {
        let lowest: Float = -87
        let clamped = clamp(x, lowest, 88)
        // Adding 1.5·2²³ (whose ulp is 1) rounds x·log₂e to the nearest integer n and leaves n
        // in the low mantissa bits, with no float-to-int conversion (which does not vectorise).
        let magic: Float = 12_582_912
        let shifted = clamped * 1.442_695_04 + magic
        let n = shifted - magic
        // ln 2 split in two so r = x − n·ln 2 keeps its low bits.
        var r = clamped - n * 0.693_359_375
        r = r + n * 2.121_944_40e-4
        var p = r * 1.987_569_150_0e-4 + 1.398_199_950_7e-3
        p = p * r + 8.333_451_907_3e-3
        p = p * r + 4.166_579_589_4e-2
        p = p * r + 1.666_666_545_9e-1
        p = p * r + 5.000_000_120_1e-1
        let y = p * (r * r) + r + 1
        // 2ⁿ: n moved from the mantissa of `shifted` into an exponent field.
        let exponent = (unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000 &+ 127) &<< 23
        let scaled = y * unsafeBitCast(exponent, to: Vector.self)
        return scaled.replacing(with: 0, where: x .< lowest)
    }

    /// erf(x) lane by lane: the odd/even rational approximation Eigen and XLA use for
    /// single precision (absolute error below 5e-7; ±1 beyond |x| = 4).
    @inlinable
    public static func erf(_ x: Vector) -> Vector {
        let x = clamp(x, -4, 4)
        let x2 = x * x
        var p = x2 * -2.726_142_258_013_06e-10 + 2.770_681_424_959_02e-08
        p = p * x2 + -2.101_024_020_825_08e-06
        p = p * x2 + -5.692_506_394_623_46e-05
        p = p * x2 + -7.349_906_303_268_55e-04
        p = p * x2 + -2.954_599_808_540_25e-03
        p = p * x2 + -1.609_603_332_624_15e-02
        var q = x2 * -1.456_607_184_649_96e-05 + -2.133_740_552_789_05e-04
        q = q * x2 + -1.682_826_974_382_03e-03
        q = q * x2 + -7.373_329_167_204_68e-03
        q = q * x2 + -1.426_473_905_141_89e-02
        return x * p / q
    }

    // MARK: - Element-wise

    /// x ← GELU(x) = x·Φ(x) = ½·x·(1 + erf(x/√2)), the exact (erf) form BERT uses, not the
    /// tanh approximation.
    public static func gelu(_ x: UnsafeMutablePointer<Float>, count: Int) {
        let invSqrt2: Float = 0.707_106_781_186_547_5
        var i = 0
        while i + 8 <= count {
            let v = load(x + i)
            store(v * 0.5 * (1 + erf(v * invSqrt2)), x + i)
            i += 8
        }
        if i < count {
            let v = load(x + i, count: count - i, fill: 0)
            store(v * 0.5 * (1 + erf(v * invSqrt2)), x + i, count: count - i)
        }
    }

    /// x[r, c] ← a[r, c] + row[c] for a `rows`×`columns` block (all strides = `columns`).
    /// Used to seed C with residual + bias before a `beta = 1` gemm.
    public static func add(
        _ a: UnsafePointer<Float>, row: UnsafePointer<Float>, into x: UnsafeMutablePointer<Float>,
        rows: Int, columns: Int
    ) {
        for r in 0..<rows {
            let source = a + r * columns
            let target = x + r * columns
            var c = 0
            while c + 8 <= columns {
                store(load(source + c) + load(row + c), target + c)
                c += 8
            }
            while c < columns {
                target[c] = source[c] + row[c]
                c += 1
            }
        }
    }

    /// x[r, c] ← row[c] for every row: seeds C with a bias before a `beta = 1` gemm.
    public static func broadcast(row: UnsafePointer<Float>, into x: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
        for r in 0..<rows {
            (x + r * columns).update(from: row, count: columns)
        }
    }

    // MARK: - Row-wise

    /// Layer normalisation of each row in place: (x − mean) / √(var + ε) · weight + bias,
    /// with the biased variance, as `torch.nn.LayerNorm` computes it.
    public static func layerNorm(
        _ x: UnsafeMutablePointer<Float>, rows: Int, columns: Int,
        weight: UnsafePointer<Float>, bias: UnsafePointer<Float>, epsilon: Float
    ) {
        precondition(columns > 0, "layer norm over an empty row")
        let count = Float(columns)
        for r in 0..<rows {
            let row = x + r * columns
            var sum = Vector.zero
            var c = 0
            while c + 8 <= columns {
                sum += load(row + c)
                c += 8
            }
            var tail: Float = 0
            for t in c..<columns { tail += row[t] }
            let mean = (sum.sum() + tail) / count

            var squares = Vector.zero
            c = 0
            while c + 8 <= columns {
                let d = load(row + c) - mean
                squares += d * d
                c += 8
            }
            tail = 0
            for t in c..<columns { tail += (row[t] - mean) * (row[t] - mean) }
            let inverse = 1 / ((squares.sum() + tail) / count + epsilon).squareRoot()

            c = 0
            while c + 8 <= columns {
                let normalised = (load(row + c) - mean) * inverse
                store(normalised * load(weight + c) + load(bias + c), row + c)
                c += 8
            }
            for t in c..<columns { row[t] = (row[t] - mean) * inverse * weight[t] + bias[t] }
        }
    }

    /// Softmax of each row in place over its first `columns` entries; rows start `stride`
    /// floats apart.
    public static func softmax(_ x: UnsafeMutablePointer<Float>, rows: Int, columns: Int, stride: Int) {
        precondition(columns > 0 && stride >= columns, "softmax over an empty or overlapping row")
        let full = columns & ~7
        let rest = columns - full
        for r in 0..<rows {
            let row = x + r * stride
            var maxima = Vector(repeating: -.infinity)
            var c = 0
            while c < full {
                let v = load(row + c)
                maxima = maxima.replacing(with: v, where: v .> maxima)
                c += 8
            }
            if rest > 0 {
                let v = load(row + full, count: rest, fill: -.infinity)
                maxima = maxima.replacing(with: v, where: v .> maxima)
            }
            let maximum = maxima.max()

            var sums = Vector.zero
            c = 0
            while c < full {
                let e = exp(load(row + c) - maximum)
                store(e, row + c)
                sums += e
                c += 8
            }
            if rest > 0 {
                let e = exp(load(row + full, count: rest, fill: -.infinity) - maximum)
                store(e, row + full, count: rest)
                sums += e
            }
            let scale = 1 / sums.sum()
            c = 0
            while c < full {
                store(load(row + c) * scale, row + c)
                c += 8
            }
            for t in full..<columns { row[t] *= scale }
        }
    }

    /// The index of the first NaN or infinite value among `count` floats, or nil. A lane is
    /// finite exactly when v − v is 0 (∞ − ∞ and NaN − NaN are NaN).
    public static func firstNonFinite(_ x: UnsafePointer<Float>, count: Int) -> Int? {
        var i = 0
        while i + 8 <= count {
            let v = load(x + i)
            if any((v - v) .!= .zero) { break }
            i += 8
        }
        while i < count {
            if !x[i].isFinite { return i }
            i += 1
        }
        return nil
    }

    /// x ← x / max(‖x‖₂, 1e-12), as `torch.nn.functional.normalize` does.
    public static func l2Normalize(_ x: UnsafeMutablePointer<Float>, count: Int) {
        var squares = Vector.zero
        var c = 0
        while c + 8 <= count {
            let v = load(x + c)
            squares += v * v
            c += 8
        }
        var tail: Float = 0
        for t in c..<count { tail += x[t] * x[t] }
        let scale = 1 / max((squares.sum() + tail).squareRoot(), 1e-12)
        for t in 0..<count { x[t] *= scale }
    }
}

extension Matrix {
    /// Each row replaced by its softmax.
    public mutating func softmaxRows() {
        let (rows, columns) = (self.rows, self.columns)
        guard rows > 0, columns > 0 else { return }
        values.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            Kernels.softmax(base, rows: rows, columns: columns, stride: columns)
        }
    }

    /// Each row layer-normalised with the given per-column weight and bias.
    public mutating func layerNormalizeRows(weight: [Float], bias: [Float], epsilon: Float) {
        precondition(weight.count == columns && bias.count == columns, "layer norm parameters of the wrong size")
        let (rows, columns) = (self.rows, self.columns)
        guard rows > 0, columns > 0 else { return }
        values.withUnsafeMutableBufferPointer { buffer in
            weight.withUnsafeBufferPointer { weight in
                bias.withUnsafeBufferPointer { bias in
                    guard let base = buffer.baseAddress, let w = weight.baseAddress, let b = bias.baseAddress else { return }
                    Kernels.layerNorm(base, rows: rows, columns: columns, weight: w, bias: b, epsilon: epsilon)
                }
            }
        }
    }
}
