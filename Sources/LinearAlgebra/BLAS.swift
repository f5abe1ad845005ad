import CBLAS

/// Thin wrappers over CBLAS. Every call is row-major; the doc comment of each says which
/// product it computes and what its sizes mean.
public enum BLAS {
    /// C ← α·op(A)·op(B) + β·C for row-major buffers.
    ///
    /// - `m`: rows of op(A) and of C; `n`: columns of op(B) and of C; `k`: columns of op(A)
    ///   = rows of op(B).
    /// - `lda`, `ldb`, `ldc`: the row strides of A, B, C as stored (before transposition):
    ///   `lda` is A's column count as stored, and so on.
    @inlinable
    public static func gemm(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor,
            transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k),
            alpha, a, Int32(lda), b, Int32(ldb),
            beta, c, Int32(ldc)
        )
    }

    /// The same product in double precision (`cblas_dgemm`), for statistics that must match
    /// references to many digits.
    @inlinable
    public static func gemm(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int,
        alpha: Double = 1, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int,
        beta: Double = 0, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        cblas_dgemm(
            CblasRowMajor,
            transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k),
            alpha, a, Int32(lda), b, Int32(ldb),
            beta, c, Int32(ldc)
        )
    }

    /// C ← α·A·op(B) + β·C (A never transposed), split across `workers` threads that each
    /// make one single-threaded `cblas_sgemm` call: by rows of C when each worker gets at
    /// least `minimumRows`, else by columns of C (a one-sentence batch still uses every core).
    ///
    /// Sizes and strides as in `gemm`. Keep `BLAS.threads` at 1 while calling this.
    public static func gemm(
        transposeB: Bool = false,
        m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int,
        workers: Int, minimumRows: Int = 32
    ) {
        let a = SharedPointer(UnsafeMutablePointer(mutating: a))
        let b = SharedPointer(UnsafeMutablePointer(mutating: b))
        let c = SharedPointer(c)
        if workers <= 1 || m >= workers * minimumRows {
            Parallel.chunks(m, workers: workers, minimumChunk: minimumRows) { rows in
                gemm(
                    transposeB: transposeB, m: rows.count, n: n, k: k,
                    alpha: alpha, a: a.base + rows.lowerBound * lda, lda: lda, b: b.base, ldb: ldb,
                    beta: beta, c: c.base + rows.lowerBound * ldc, ldc: ldc
                )
            }
        } else {
            // Column blocks of 16 keep each worker's slice of B aligned with the BLAS kernels.
            let blocks = (n + 15) / 16
            Parallel.chunks(blocks, workers: workers) { blockRange in
                let first = blockRange.lowerBound * 16
                let last = min(n, blockRange.upperBound * 16)
                // op(B) columns first..<last: rows of B when transposed, columns otherwise.
                let bSlice = transposeB ? b.base + first * ldb : b.base + first
                gemm(
                    transposeB: transposeB, m: m, n: last - first, k: k,
                    alpha: alpha, a: a.base, lda: lda, b: bSlice, ldb: ldb,
                    beta: beta, c: c.base + first, ldc: ldc
                )
            }
        }
    }

    /// The kernel family OpenBLAS chose when it loaded ("Haswell", "Cooperlake"…), from the
    /// CPU or from `OPENBLAS_CORETYPE`; benchmarks report it, as it sets sgemm's speed.
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// The number of threads OpenBLAS uses for one call.
    public static var threads: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(max(1, newValue))) }
    }
}

extension Matrix {
    /// The product op(self)·op(other), through `cblas_sgemm`.
    public func multiplied(by other: Matrix, transposeSelf: Bool = false, transposeOther: Bool = false) -> Matrix {
        let m = transposeSelf ? columns : rows
        let k = transposeSelf ? rows : columns
        let otherK = transposeOther ? other.columns : other.rows
        let n = transposeOther ? other.rows : other.columns
        precondition(k == otherK, "inner dimensions differ: \(k) vs \(otherK)")
        var result = Matrix(zeros: m, n)
        values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                result.values.withUnsafeMutableBufferPointer { c in
                    guard let a = a.baseAddress, let b = b.baseAddress, let c = c.baseAddress else { return }
                    BLAS.gemm(
                        transposeA: transposeSelf, transposeB: transposeOther,
                        m: m, n: n, k: k,
                        a: a, lda: columns, b: b, ldb: other.columns,
                        c: c, ldc: n
                    )
                }
            }
        }
        return result
    }
}
