import Testing

@testable import Agreement

@Suite struct EdgeCaseTests {
    @Test("with no unit rated twice every coefficient is undefined")
    func noPairableUnits() throws {
        // Given three units, each rated by a single coder
        let ratings = try RatingMatrix(rows: [[0, nil, nil], [nil, 1, nil], [nil, nil, 2]], categoryCount: 3)

        // When
        let statistics = AgreementStatistics(ratings)

        // Then
        #expect(statistics.ratedUnits == 3 && statistics.pairableUnits == 0)
        #expect(statistics.percentAgreement == nil)
        #expect(statistics.fleissKappa == nil)
        #expect(statistics.gwetAC1 == nil)
        #expect(statistics.krippendorffAlpha.isEmpty)
        #expect(statistics.pairs.allSatisfy { $0.units == 0 && $0.kappa == nil && $0.percentAgreement == nil })
        #expect(statistics.categories.allSatisfy { $0.specificAgreement == nil })
        #expect(statistics.annotators.allSatisfy { $0.agreementWithOthers == nil && $0.comparedPairs == 0 })
    }

    @Test("when every coder uses one category, κ and α are undefined and AC1 is 1")
    func singleCategory() throws {
        // Given perfect agreement on category 1 of 3
        let ratings = try RatingMatrix(rows: Array(repeating: [1, 1, nil], count: 5) + [[1, 1, 1]], categoryCount: 3)

        // When
        let statistics = AgreementStatistics(ratings)

        // Then chance agreement is 1, so κ and α are 0/0
        #expect(statistics.percentAgreement == 1)
        #expect(statistics.fleissKappa == nil)
        #expect(statistics.krippendorffAlpha[.nominal] == nil)
        #expect(statistics.krippendorffAlpha[.interval] == nil)
        #expect(statistics.pair(0, 1)?.kappa == nil)
        #expect(statistics.pair(0, 1)?.percentAgreement == 1)
        // Gwet's chance term Σ π(1 − π)/(q − 1) is 0 here, so AC1 equals percent agreement.
        #expect(statistics.gwetAC1 == 1)
        #expect(statistics.categories[1].specificAgreement == 1)
        #expect(statistics.categories[0].specificAgreement == nil)
        // One category used: nothing to test a label distribution on.
        #expect(statistics.annotators[0].labelDistributionTest == nil)
    }

    @Test("a declared category count of one leaves AC1 undefined")
    func oneDeclaredCategory() throws {
        let ratings = try RatingMatrix(rows: [[0, 0], [0, 0]], categoryCount: 1)
        let statistics = AgreementStatistics(ratings)
        #expect(statistics.gwetAC1 == nil)
        #expect(statistics.fleissKappa == nil)
        #expect(statistics.percentAgreement == 1)
    }

    @Test("coders that never rate the same unit have no pairwise agreement")
    func noOverlap() throws {
        // Given coder 0 and coder 1 on disjoint units, coder 2 on all
        let ratings = try RatingMatrix(
            rows: [[0, nil, 0], [1, nil, 1], [nil, 0, 1], [nil, 1, 1]], categoryCount: 2)

        // When
        let statistics = AgreementStatistics(ratings)

        // Then
        let disjoint = try #require(statistics.pair(0, 1))
        #expect(disjoint.units == 0 && disjoint.kappa == nil && disjoint.linearKappa == nil)
        #expect(statistics.kappaMatrix()[0][1] == nil && statistics.kappaMatrix()[1][0] == nil)
        #expect(statistics.pair(0, 2)?.kappa == 1)
        #expect(statistics.pair(1, 2)?.units == 2)
        // Coder 0's mean κ uses only the defined pair with coder 2.
        #expect(statistics.annotators[0].meanPairwiseKappa == 1)
        #expect(statistics.percentAgreement == 0.75)
    }

    @Test("an empty matrix has no statistics and no pairs")
    func emptyMatrix() throws {
        let ratings = try RatingMatrix(unitCount: 0, coderCount: 0, categoryCount: 3, ratings: [])
        let statistics = AgreementStatistics(ratings)
        #expect(statistics.pairs.isEmpty && statistics.annotators.isEmpty)
        #expect(statistics.percentAgreement == nil && statistics.ratingCount == 0)
    }

    @Test("two coders who always disagree in a fixed pattern have κ = −1 / (k − 1)-like values")
    func perfectDisagreement() throws {
        // Given coder 0 says 0 when coder 1 says 1 and vice versa
        let ratings = try RatingMatrix(rows: [[0, 1], [1, 0], [0, 1], [1, 0]], categoryCount: 2)

        // When
        let statistics = AgreementStatistics(ratings)

        // Then po = 0, pe = 0.5: κ = −1; α nominal = 1 − 1 / (8/7 · 0.5) …
        #expect(statistics.pair(0, 1)?.kappa == -1)
        #expect(statistics.percentAgreement == 0)
        let alpha = try #require(statistics.krippendorffAlpha[.nominal])
        // o_01 = o_10 = 4, n = 8, e_01 = e_10 = 4·4/7: α = 1 − 8 / (32/7) = −0.75.
        #expect(abs(alpha + 0.75) < 1e-12)
    }
}

@Suite struct RatingMatrixTests {
    @Test("triples and rows build the same matrix")
    func construction() throws {
        let fromRows = try RatingMatrix(rows: [[0, nil], [2, 1]], categoryCount: 3)
        let fromTriples = try RatingMatrix(
            unitCount: 2, coderCount: 2, categoryCount: 3,
            ratings: [.init(unit: 1, coder: 1, category: 1), .init(unit: 0, coder: 0, category: 0), .init(unit: 1, coder: 0, category: 2)])
        #expect(fromRows == fromTriples)
        #expect(fromRows[1, 0] == 2 && fromRows[0, 1] == nil)
        #expect(fromRows.ratingCount == 3)
        #expect(fromRows.categoryValues == [0, 1, 2])
    }

    @Test("bad input is rejected with the offending position")
    func rejection() {
        #expect(throws: AgreementError.categoryOutOfRange(unit: 0, coder: 1, category: 3, categoryCount: 3)) {
            try RatingMatrix(rows: [[0, 3]], categoryCount: 3)
        }
        #expect(throws: AgreementError.duplicateRating(unit: 0, coder: 0)) {
            try RatingMatrix(unitCount: 1, coderCount: 1, categoryCount: 2,
                             ratings: [.init(unit: 0, coder: 0, category: 0), .init(unit: 0, coder: 0, category: 1)])
        }
        #expect(throws: AgreementError.raggedRow(row: 1, expected: 2, got: 1)) {
            try RatingMatrix(rows: [[0, 1], [0]], categoryCount: 2)
        }
        #expect(throws: AgreementError.unitOutOfRange(unit: 5, unitCount: 1)) {
            try RatingMatrix(unitCount: 1, coderCount: 1, categoryCount: 2, ratings: [.init(unit: 5, coder: 0, category: 0)])
        }
        #expect(throws: AgreementError.self) {
            try RatingMatrix(rows: [[0]], categoryCount: 2, categoryValues: [1])
        }
        #expect(throws: AgreementError.self) {
            try RatingMatrix(rows: [[0]], categoryCount: 0)
        }
        #expect(AgreementError.duplicateRating(unit: 3, coder: 1).description.contains("unit 3"))
    }

    @Test("a slice keeps the coders and categories of the chosen units")
    func restriction() throws {
        let ratings = try RatingMatrix(rows: [[0, 0], [1, 0], [1, 1]], categoryCount: 2, level: .ordinal)
        let slice = try ratings.restricted(toUnits: [2, 0])
        #expect(slice.unitCount == 2 && slice.level == .ordinal)
        #expect(slice[0, 0] == 1 && slice[1, 1] == 0)
        #expect(AgreementStatistics(slice).percentAgreement == 1)
        #expect(throws: AgreementError.unitOutOfRange(unit: 3, unitCount: 3)) { try ratings.restricted(toUnits: [3]) }
    }
}
