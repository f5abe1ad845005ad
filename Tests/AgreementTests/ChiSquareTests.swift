import Testing

@testable import Agreement

@Suite struct ChiSquareTests {
    @Test("the regularized incomplete gamma matches scipy's gammainc and gammaincc")
    func incompleteGamma() throws {
        let fixture = try Fixture.load("incomplete_gamma", as: Fixture.Gamma.self)
        #expect(fixture.gamma.count == 64)
        for item in fixture.gamma {
            let upper = IncompleteGamma.regularizedUpper(item.a, item.x)
            let lower = IncompleteGamma.regularizedLower(item.a, item.x)
            // Absolute 1e-12, and relative 1e-9 in the far tails where values are tiny.
            #expect(abs(upper - item.upper) <= max(1e-12, 1e-9 * item.upper), "Q(\(item.a), \(item.x)) = \(upper), scipy \(item.upper)")
            #expect(abs(lower - item.lower) <= max(1e-12, 1e-9 * item.lower), "P(\(item.a), \(item.x)) = \(lower), scipy \(item.lower)")
        }
    }

    @Test("chi-square tail probabilities match scipy.stats.chi2.sf")
    func survival() throws {
        let fixture = try Fixture.load("incomplete_gamma", as: Fixture.Gamma.self)
        for item in fixture.chiSquare {
            let p = ChiSquareTest.survival(item.x, degreesOfFreedom: item.df)
            #expect(abs(p - item.survival) <= max(1e-12, 1e-9 * item.survival), "df \(item.df), x \(item.x): \(p) vs \(item.survival)")
        }
        #expect(ChiSquareTest.survival(0, degreesOfFreedom: 3) == 1)
    }

    @Test("a 2 × 2 table gives the textbook statistic without continuity correction")
    func twoByTwo() throws {
        // Given [[10, 20], [20, 10]]: every expected count is 15, χ² = 4 · 25 / 15.
        let test = try #require(ChiSquareTest.homogeneity([[10, 20], [20, 10]]))
        #expect(abs(test.statistic - 100.0 / 15) < 1e-12)
        #expect(test.degreesOfFreedom == 1)
        // P(χ²₁ ≥ 6.667) = erfc(√(6.667/2)).
        #expect(abs(test.pValue - 0.009823274507519) < 1e-12)
    }

    @Test("empty rows and columns are dropped; too little data gives no test")
    func degenerate() {
        #expect(ChiSquareTest.homogeneity([[0, 0, 0], [1, 2, 3]]) == nil)
        #expect(ChiSquareTest.homogeneity([[5, 0], [3, 0]]) == nil)
        #expect(ChiSquareTest.homogeneity([[5, 0, 1], [3, 0, 4]])?.degreesOfFreedom == 1)
        #expect(ChiSquareTest.homogeneity([]) == nil)
    }
}
