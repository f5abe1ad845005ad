import Foundation
import Testing
@testable import LinearAlgebra

@Suite struct KernelsTests {
    /// −6…6 in steps of 1/64, plus the zeros and extremes.
    static let grid: [Float] = (-384...384).map { Float($0) / 64 } + [-1e-8, 1e-8, -30, 30]

    private func lanes(_ values: [Float], _ body: (Kernels.Vector) -> Kernels.Vector) -> [Float] {
        stride(from: 0, to: values.count, by: 8).flatMap { start -> [Float] in
            var vector = Kernels.Vector(repeating: 0)
            for lane in 0..<min(8, values.count - start) { vector[lane] = values[start + lane] }
            let result = body(vector)
            return (0..<min(8, values.count - start)).map { result[$0] }
        }
    }

    @Test("vectorised erf is within 5e-7 of the C library's erf")
    func erfAccuracy() {
        let results = lanes(Self.grid, Kernels.erf)
        for (x, value) in zip(Self.grid, results) {
            #expect(abs(Double(value) - Foundation.erf(Double(x))) < 5e-7, "erf(\(x))")
        }
    }

    @Test("vectorised exp is within 2 ulp of the C library's exp, and 0 far below")
    func expAccuracy() {
        let inputs = (-87 * 16...88 * 16).map { Float($0) / 16 }
        let results = lanes(inputs, Kernels.exp)
        for (x, value) in zip(inputs, results) {
            let reference = Foundation.exp(Double(x))
            #expect(abs(Double(value) - reference) <= 2.5e-7 * reference, "exp(\(x))")
        }
        let tiny = Kernels.exp(Kernels.Vector(repeating: -100))
        #expect(tiny == .zero)
        #expect(Kernels.exp(Kernels.Vector(repeating: -.infinity)) == .zero)
    }

    @Test("GELU is x·Φ(x) with the exact erf, on full vectors and a tail")
    func gelu() {
        var values: [Float] = (-40...40).map { Float($0) / 8 }  // 81 values: ten vectors and a tail of 1
        let expected = values.map { x in 0.5 * Double(x) * (1 + Foundation.erf(Double(x) / 2.0.squareRoot())) }
        values.withUnsafeMutableBufferPointer { Kernels.gelu($0.baseAddress!, count: $0.count) }
        for (value, reference) in zip(values, expected) {
            #expect(abs(Double(value) - reference) < 2e-6)
        }
        // The tanh approximation differs by ~1e-3 around |x| = 2; make sure it is not what runs.
        #expect(abs(Double(values[56]) - 1.954499736) < 1e-5)  // GELU(2)
    }

    @Test("softmax rows sum to one and match exp(x − max) / Σ, with a row stride")
    func softmax() {
        // Given 3 rows of 11 columns, stored 12 apart (the last column is not part of the row)
        let columns = 11, stride = 12
        var data: [Float] = (0..<(3 * stride)).map { Float(($0 * 37) % 23) / 3 - 3 }
        data[2 * stride] = 90  // large enough to overflow a naive exp
        let original = data
        // When
        data.withUnsafeMutableBufferPointer { Kernels.softmax($0.baseAddress!, rows: 3, columns: columns, stride: stride) }
        // Then
        for row in 0..<3 {
            let slice = original[(row * stride)..<(row * stride + columns)].map(Double.init)
            let maximum = slice.max()!
            let sum = slice.map { Foundation.exp($0 - maximum) }.reduce(0, +)
            for column in 0..<columns {
                let reference = Foundation.exp(slice[column] - maximum) / sum
                #expect(abs(Double(data[row * stride + column]) - reference) < 1e-6)
            }
            #expect(data[row * stride + columns] == original[row * stride + columns], "padding column untouched")
        }
    }

    @Test("layer norm matches a double-precision reference, for widths with and without a tail")
    func layerNorm() {
        for columns in [8, 13, 384] {
            let rows = 3
            var data: [Float] = (0..<(rows * columns)).map { Float(sin(Double($0) * 0.7)) * 4 + 1 }
            let weight: [Float] = (0..<columns).map { 1 + Float($0 % 5) / 10 }
            let bias: [Float] = (0..<columns).map { Float($0 % 3) / 10 - 0.1 }
            let original = data
            var matrix = Matrix(rows: rows, columns: columns, values: data)
            matrix.layerNormalizeRows(weight: weight, bias: bias, epsilon: 1e-12)
            data = matrix.values
            for row in 0..<rows {
                let x = original[(row * columns)..<((row + 1) * columns)].map(Double.init)
                let mean = x.reduce(0, +) / Double(columns)
                let variance = x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(columns)
                for column in 0..<columns {
                    let reference = (x[column] - mean) / (variance + 1e-12).squareRoot() * Double(weight[column]) + Double(bias[column])
                    #expect(abs(Double(data[row * columns + column]) - reference) < 1e-5, "width \(columns)")
                }
            }
        }
    }

    @Test("the first NaN or infinity is found in a full vector and in the tail", arguments: [0, 5, 8, 15, 16, 18])
    func firstNonFinite(position: Int) {
        for bad in [Float.nan, .infinity, -.infinity] {
            var values: [Float] = (0..<19).map { Float($0) * 1e30 }
            #expect(values.withUnsafeBufferPointer { Kernels.firstNonFinite($0.baseAddress!, count: $0.count) } == nil)
            values[position] = bad
            if position < 18 { values[18] = .nan }
            #expect(values.withUnsafeBufferPointer { Kernels.firstNonFinite($0.baseAddress!, count: $0.count) } == position)
        }
    }

    @Test("L2 normalisation gives unit length and leaves a zero vector at zero")
    func l2() {
        var vector: [Float] = (0..<19).map { Float($0) - 9 }
        vector.withUnsafeMutableBufferPointer { Kernels.l2Normalize($0.baseAddress!, count: $0.count) }
        #expect(abs(vector.reduce(0) { $0 + $1 * $1 } - 1) < 1e-6)
        var zeros = [Float](repeating: 0, count: 5)
        zeros.withUnsafeMutableBufferPointer { Kernels.l2Normalize($0.baseAddress!, count: $0.count) }
        #expect(zeros == [0, 0, 0, 0, 0])
    }

    @Test("the row-split and column-split parallel gemm equal one plain gemm", arguments: [
        (m: 200, n: 70, k: 33, transposeB: true), (m: 200, n: 70, k: 33, transposeB: false),
        (m: 5, n: 70, k: 33, transposeB: true), (m: 5, n: 70, k: 33, transposeB: false),
    ])
    func parallelGemm(m: Int, n: Int, k: Int, transposeB: Bool) {
        let a = (0..<(m * k)).map { Float(($0 * 7) % 11) - 5 }
        let b = (0..<(k * n)).map { Float(($0 * 5) % 13) - 6 }
        let seed = (0..<(m * n)).map { Float($0 % 3) }
        var plain = seed
        var split = seed
        let ldb = transposeB ? k : n
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                plain.withUnsafeMutableBufferPointer { c in
                    BLAS.gemm(transposeB: transposeB, m: m, n: n, k: k, a: a.baseAddress!, lda: k, b: b.baseAddress!, ldb: ldb,
                              beta: 1, c: c.baseAddress!, ldc: n)
                }
                split.withUnsafeMutableBufferPointer { c in
                    BLAS.gemm(transposeB: transposeB, m: m, n: n, k: k, a: a.baseAddress!, lda: k, b: b.baseAddress!, ldb: ldb,
                              beta: 1, c: c.baseAddress!, ldc: n, workers: 3)
                }
            }
        }
        #expect(plain == split)
        #expect(plain != seed)
    }

    @Test("Parallel.chunks covers every index exactly once")
    func chunksCover() {
        for (count, workers, minimum) in [(0, 4, 1), (1, 4, 1), (10, 3, 1), (10, 3, 8), (1000, 7, 16)] {
            let hits = UnsafeMutablePointer<Int>.allocate(capacity: max(1, count))
            hits.initialize(repeating: 0, count: max(1, count))
            defer { hits.deallocate() }
            let shared = SharedPointer(hits)
            Parallel.chunks(count, workers: workers, minimumChunk: minimum) { range in
                for i in range { shared.base[i] += 1 }
            }
            #expect((0..<count).allSatisfy { hits[$0] == 1 }, "count \(count), workers \(workers)")
        }
    }

    @Test("softmaxRows on a Matrix")
    func matrixSoftmax() {
        var matrix = Matrix(rows: 2, columns: 3, values: [0, 0, 0, 1, 2, 3])
        matrix.softmaxRows()
        #expect(matrix.row(0).allSatisfy { abs($0 - 1.0 / 3) < 1e-7 })
        let e = [1.0, Foundation.exp(1.0), Foundation.exp(2.0)]
        for (value, reference) in zip(matrix.row(1), e.map { $0 / e.reduce(0, +) }) {
            #expect(abs(Double(value) - reference) < 1e-7)
        }
    }
}

@Suite struct BLASInfoTests {
    @Test("OpenBLAS names the kernel family it runs")
    func coreName() {
        #expect(!BLAS.coreName.isEmpty && BLAS.coreName != "unknown")
    }
}

@Suite struct LinearModelPassTests {
    /// Runs the pass with residual rᵢ_c = sin(zᵢ_c + i)/2, recording the logits it was handed.
    private func run(
        _ x: [Float], rows: Int, columns: Int, _ w: [Float], outputs: Int, workers: Int, level: Int
    ) -> (logits: [Float], residuals: [Float], gradient: [Double], visits: [Int]) {
        let logits = UnsafeMutablePointer<Float>.allocate(capacity: max(1, rows * outputs))
        let residuals = UnsafeMutablePointer<Float>.allocate(capacity: max(1, rows * outputs))
        let visits = UnsafeMutablePointer<Int>.allocate(capacity: max(1, rows))
        visits.initialize(repeating: 0, count: max(1, rows))
        defer { logits.deallocate(); residuals.deallocate(); visits.deallocate() }
        let (sharedLogits, sharedResiduals, sharedVisits) = (SharedPointer(logits), SharedPointer(residuals), SharedPointer(visits))
        var gradient = [Double](repeating: .nan, count: outputs * columns)
        x.withUnsafeBufferPointer { x in
            w.withUnsafeBufferPointer { w in
                gradient.withUnsafeMutableBufferPointer { g in
                    Kernels.linearModelPass(
                        x: x.baseAddress!, rows: rows, columns: columns, weights: w.baseAddress!, outputs: outputs,
                        gradient: g.baseAddress!, workers: workers, level: level
                    ) { _, block, values in
                        for (offset, row) in block.enumerated() {
                            sharedVisits.base[row] += 1
                            for c in 0..<outputs {
                                let z = values[offset * outputs + c]
                                sharedLogits.base[row * outputs + c] = z
                                let r = Float(sin(Double(z) + Double(row))) / 2
                                sharedResiduals.base[row * outputs + c] = r
                                values[offset * outputs + c] = r
                            }
                        }
                    }
                }
            }
        }
        return (Array(UnsafeBufferPointer(start: logits, count: rows * outputs)),
                Array(UnsafeBufferPointer(start: residuals, count: rows * outputs)), gradient,
                Array(UnsafeBufferPointer(start: visits, count: rows)))
    }

    /// The portable Swift loops, and each wider instruction set this CPU runs.
    static let levels = Array(0...Kernels.passVectorLevel)

    @Test("the fused pass gives the logits X·Wᵀ and the gradient Rᵀ·X of a naive loop, at every vector level", arguments: [
        (rows: 1, columns: 385, outputs: 1), (rows: 37, columns: 385, outputs: 2), (rows: 37, columns: 385, outputs: 3),
        (rows: 101, columns: 7, outputs: 7), (rows: 3, columns: 8, outputs: 5), (rows: 2500, columns: 19, outputs: 3),
        (rows: 5003, columns: 384, outputs: 3), (rows: 9, columns: 56, outputs: 9),
    ])
    func matchesNaiveLoop(rows: Int, columns: Int, outputs: Int) {
        // Given
        let x = (0..<(rows * columns)).map { Float(sin(Double($0) * 0.37)) }
        let w = (0..<(outputs * columns)).map { Float(cos(Double($0) * 0.11)) / 8 }
        for (level, workers) in Self.levels.flatMap({ level in [1, 3].map { (level, $0) } }) {
            // When
            let result = run(x, rows: rows, columns: columns, w, outputs: outputs, workers: workers, level: level)
            // Then
            #expect(result.visits.allSatisfy { $0 == 1 }, "every row handed to the closure once")
            // Float products: allow a few ulps of the sum of the magnitudes of the terms.
            var expected = [Double](repeating: 0, count: outputs * columns)
            var magnitude = [Double](repeating: 0, count: outputs * columns)
            for i in 0..<rows {
                for c in 0..<outputs {
                    var z = 0.0, size = 0.0
                    for j in 0..<columns {
                        let term = Double(x[i * columns + j]) * Double(w[c * columns + j])
                        z += term
                        size += abs(term)
                    }
                    #expect(abs(Double(result.logits[i * outputs + c]) - z) <= 1e-6 * size, "z[\(i), \(c)], level \(level)")
                    let r = Double(result.residuals[i * outputs + c])
                    for j in 0..<columns {
                        expected[c * columns + j] += r * Double(x[i * columns + j])
                        magnitude[c * columns + j] += abs(r * Double(x[i * columns + j]))
                    }
                }
            }
            for index in expected.indices {
                #expect(abs(result.gradient[index] - expected[index]) <= 1e-5 * magnitude[index],
                        "g[\(index)], \(workers) workers, level \(level)")
            }
        }
    }

    @Test("the pass is bit-identical for the same worker count, and splits only large inputs")
    func deterministic() {
        let (rows, columns, outputs) = (3 * Kernels.passMinimumRowsPerWorker + 17, 33, 3)
        let x = (0..<(rows * columns)).map { Float(sin(Double($0) * 0.29)) }
        let w = (0..<(outputs * columns)).map { Float(cos(Double($0) * 0.13)) / 4 }
        for level in Self.levels {
            let first = run(x, rows: rows, columns: columns, w, outputs: outputs, workers: 2, level: level)
            let second = run(x, rows: rows, columns: columns, w, outputs: outputs, workers: 2, level: level)
            #expect(first.gradient == second.gradient, "level \(level)")
            #expect(first.logits == second.logits, "level \(level)")
        }
        #expect(Kernels.passWorkers(rows: rows, workers: 2) == 2)
        #expect(Kernels.passWorkers(rows: 100, workers: 2) == 1)
        #expect(Kernels.passWorkers(rows: 0, workers: 4) == 1)
    }
}
