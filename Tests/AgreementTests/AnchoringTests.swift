import Testing

@testable import Agreement

@Suite struct AnchoringTests {
    struct Case: Decodable {
        let successes1: Int
        let n1: Int
        let successes2: Int
        let n2: Int
        let wilson1: [Double]
        let wilson2: [Double]
        let difference: [Double]
    }

    struct File: Decodable {
        let cases: [Case]
    }

    /// Newcombe (1998), Statistics in Medicine 17:873–890, Table II: the difference and its
    /// method-10 (hybrid score) interval, to the four decimals printed there.
    static let published: [(x1: Int, n1: Int, x2: Int, n2: Int, difference: Double, lower: Double, upper: Double)] = [
        (56, 70, 48, 80, 0.2000, 0.0524, 0.3339),
        (9, 10, 3, 10, 0.6000, 0.1705, 0.8090),
        (6, 7, 2, 7, 0.5714, 0.0582, 0.8062),
        (5, 56, 0, 29, 0.0893, -0.0381, 0.1926),
        (0, 10, 0, 20, 0.0000, -0.1611, 0.2775),
        (10, 10, 0, 20, 1.0000, 0.6791, 1.0000),
    ]

    @Test("the hybrid score interval reproduces Newcombe's worked examples (a)–(f)", arguments: published.indices)
    func newcombeTable(index: Int) throws {
        let row = Self.published[index]
        let first = try #require(Proportion(successes: row.x1, count: row.n1))
        let second = try #require(Proportion(successes: row.x2, count: row.n2))
        let difference = ProportionDifference(first, minus: second)
        #expect(abs(difference.value - row.difference) < 5e-5)
        #expect(abs(difference.lower - row.lower) < 5e-5, "lower \(difference.lower)")
        #expect(abs(difference.upper - row.upper) < 5e-5, "upper \(difference.upper)")
    }

    @Test("Wilson and Newcombe intervals equal statsmodels' on the fixture's tables")
    func statsmodels() throws {
        let fixture = try Fixture.load("anchoring", as: File.self)
        #expect(fixture.cases.count == 18)
        for row in fixture.cases {
            let first = try #require(Proportion(successes: row.successes1, count: row.n1))
            let second = try #require(Proportion(successes: row.successes2, count: row.n2))
            let difference = ProportionDifference(first, minus: second)
            let what = "\(row.successes1)/\(row.n1) − \(row.successes2)/\(row.n2)"
            for (got, want) in zip([first.lower, first.upper, second.lower, second.upper, difference.lower, difference.upper],
                                   row.wilson1 + row.wilson2 + row.difference) {
                #expect(abs(got - want) < 1e-12, "\(what): \(got) vs \(want)")
            }
        }
    }

    @Test("observations are counted per group; the difference waits for 30 labels in each")
    func observations() throws {
        // Given 40 shown labels (36 agreeing with the model) and 29 hidden ones (20 agreeing)
        var observations = (0..<40).map { Anchoring.Observation(agreesWithModel: $0 < 36, predictionShown: true) }
        observations += (0..<29).map { Anchoring.Observation(agreesWithModel: $0 < 20, predictionShown: false) }

        // When
        let thin = Anchoring(observations)

        // Then the rates are there, the comparison is not
        #expect(thin.shownCount == 40 && thin.hiddenCount == 29)
        #expect(thin.shown?.value == 0.9)
        #expect(thin.hidden?.successes == 20)
        #expect(thin.difference == nil)

        // One more hidden label, and the comparison appears
        let enough = Anchoring(observations + [Anchoring.Observation(agreesWithModel: false, predictionShown: false)])
        let difference = try #require(enough.difference)
        #expect(abs(difference.value - (0.9 - 20.0 / 30)) < 1e-12)
        #expect(difference.lower < difference.value && difference.value < difference.upper)
    }

    @Test("an empty group has no proportion")
    func emptyGroup() {
        let anchoring = Anchoring([Anchoring.Observation(agreesWithModel: true, predictionShown: true)])
        #expect(anchoring.hidden == nil)
        #expect(anchoring.shown?.lower ?? -1 > 0)
        #expect(anchoring.shown?.upper == 1)
        #expect(Proportion(successes: 3, count: 2) == nil)
    }
}
