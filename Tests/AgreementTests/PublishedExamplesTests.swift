import TestSupport
import Testing

@testable import Agreement

@Suite struct PublishedExamplesTests {
    @Test("Krippendorff 2011's 4 coders × 12 units give 0.743, 0.815 and 0.849")
    func krippendorff2011() throws {
        // Given
        let example = try Fixture.load("published_examples", as: Fixture.Published.self).krippendorff2011
        let ratings = try RatingMatrix(
            rows: example.rows, categoryCount: example.categoryCount, level: .interval,
            categoryValues: example.categoryValues)

        // When
        let statistics = AgreementStatistics(ratings)

        // Then
        for level in LevelOfMeasurement.allCases {
            let alpha = try #require(statistics.krippendorffAlpha[level], "α \(level) undefined")
            let published = try #require(example.published[level.rawValue])
            #expect(abs(alpha - published) < 0.0005, "α \(level) = \(alpha), published \(published)")
            expectClose(alpha, example.reference[level.rawValue], "α \(level) vs krippendorff package")
        }
    }

    @Test("Fleiss 1971's 30 patients × 6 psychiatrists give κ = 0.430")
    func fleiss1971() throws {
        // Given
        let example = try Fixture.load("published_examples", as: Fixture.Published.self).fleiss1971
        let ratings = try RatingMatrix(rows: example.rows.map { $0.map(Optional.some) }, categoryCount: example.categoryCount)

        // When
        let kappa = try #require(AgreementStatistics(ratings).fleissKappa)

        // Then
        #expect(abs(kappa - example.published) < 0.0005, "κ = \(kappa)")
        expectClose(kappa, example.reference, "κ vs statsmodels fleiss_kappa")
    }

    @Test("the SAS kappa example gives 0.4842 unweighted and 0.4701 linear weighted")
    func cohenSAS() throws {
        let example = try Fixture.load("published_examples", as: Fixture.Published.self).cohenSAS
        try checkCohen(example)
    }

    @Test("Wikipedia's 50-proposal example gives κ = 0.4")
    func cohenWikipedia() throws {
        let example = try Fixture.load("published_examples", as: Fixture.Published.self).cohenWikipedia
        try checkCohen(example)
    }

    @Test("a confusion table rebuilt as two coders' ratings gives the same κ")
    func cohenFromRatings() throws {
        // Given the SAS table expanded into one unit per observation
        let example = try Fixture.load("published_examples", as: Fixture.Published.self).cohenSAS
        var rows: [[Int?]] = []
        for (i, row) in example.table.enumerated() {
            for (j, count) in row.enumerated() {
                rows += Array(repeating: [i, j], count: Int(count))
            }
        }
        let ratings = try RatingMatrix(rows: rows, categoryCount: example.table.count, level: .ordinal)

        // When
        let pair = try #require(AgreementStatistics(ratings).pair(0, 1))

        // Then
        expectClose(pair.kappa, example.reference["unweighted"], "unweighted")
        expectClose(pair.linearKappa, example.reference["linear"], "linear")
        expectClose(pair.quadraticKappa, example.reference["quadratic"], "quadratic")
        #expect(pair.units == 19)
        #expect(pair.confusion == example.table.map { $0.map { Int($0) } })
    }

    private func checkCohen(_ example: Fixture.Published.Cohen) throws {
        for (name, published) in example.published {
            let weighting = try #require(KappaWeighting(rawValue: name))
            let kappa = try #require(CohenKappa.kappa(confusion: example.table, weighting: weighting))
            #expect(abs(kappa - published) < 0.00005, "\(name) κ = \(kappa), published \(published)")
        }
        for (name, reference) in example.reference {
            let weighting = try #require(KappaWeighting(rawValue: name))
            expectClose(CohenKappa.kappa(confusion: example.table, weighting: weighting), reference, "\(name) vs statsmodels")
        }
    }
}
