import Testing
@testable import LinearAlgebra

@Suite struct MatrixTests {
    @Test("gemm multiplies row-major matrices")
    func product() {
        // Given
        let a = Matrix(rows: 2, columns: 3, values: [1, 2, 3, 4, 5, 6])
        let b = Matrix(rows: 3, columns: 2, values: [7, 8, 9, 10, 11, 12])
        // When
        let c = a.multiplied(by: b)
        // Then
        #expect(c == Matrix(rows: 2, columns: 2, values: [58, 64, 139, 154]))
    }

    @Test("gemm honours transposition of either side")
    func transposed() {
        let a = Matrix(rows: 3, columns: 2, values: [1, 4, 2, 5, 3, 6])  // Aᵀ of the test above
        let b = Matrix(rows: 2, columns: 3, values: [7, 9, 11, 8, 10, 12])  // Bᵀ
        let c = a.multiplied(by: b, transposeSelf: true, transposeOther: true)
        #expect(c == Matrix(rows: 2, columns: 2, values: [58, 64, 139, 154]))
    }
}
