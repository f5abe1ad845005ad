import Foundation
import Testing
@testable import Slices

/// Equalized-odds thresholds against fairlearn's ThresholdOptimizer on the same scores
/// (Fixtures/equalized_odds.json, written by scripts/make_equalized_odds_fixture.py).
@Suite struct EqualizedOddsTests {
    struct Fixture: Decodable {
        struct Train: Decodable { let scores: [Double], labels: [Int], groups: [String] }
        struct Test: Decodable { let scores: [Double], groups: [String], positiveProbability: [Double] }
        struct Rule: Decodable { let p0: Double, threshold0: Double, p1: Double, threshold1: Double, pIgnore: Double, constant: Double }
        let train: Train
        let test: Test
        let xBest: Double
        let yBest: Double
        let rules: [String: Rule]
    }

    static func fixture() throws -> Fixture {
        let url = try #require(Bundle.module.url(forResource: "equalized_odds", withExtension: "json", subdirectory: "Fixtures"),
                               "missing Fixtures/equalized_odds.json: run scripts/make_equalized_odds_fixture.py")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Fixture.self, from: Data(contentsOf: url))
    }

    @Test("the operating point, each group's rule and the decision probabilities equal fairlearn's to 1e-9")
    func matchesFairlearn() throws {
        let fixture = try Self.fixture()
        let fitted = try EqualizedOdds(scores: fixture.train.scores, labels: fixture.train.labels.map { $0 == 1 }, groups: fixture.train.groups)
        #expect(abs(fitted.falsePositiveRate - fixture.xBest) < 1e-12)
        #expect(abs(fitted.truePositiveRate - fixture.yBest) < 1e-12)
        #expect(Set(fitted.rules.keys) == Set(fixture.rules.keys))
        for (group, expected) in fixture.rules {
            let rule = try #require(fitted.rules[group])
            #expect(abs(rule.p0 - expected.p0) < 1e-9 && abs(rule.p1 - expected.p1) < 1e-9, "group \(group)")
            #expect(abs(rule.threshold0 - expected.threshold0) < 1e-12 && abs(rule.threshold1 - expected.threshold1) < 1e-12, "group \(group)")
            #expect(abs(rule.pIgnore - expected.pIgnore) < 1e-9 && abs(rule.constant - expected.constant) < 1e-12, "group \(group)")
        }
        for (index, expected) in fixture.test.positiveProbability.enumerated() {
            let found = try #require(fitted.positiveProbability(score: fixture.test.scores[index], group: fixture.test.groups[index]))
            #expect(abs(found - expected) < 1e-9, "item \(index)")
        }
    }

    @Test("a group with only one label cannot be fitted, and says which")
    func degenerate() {
        #expect(throws: EqualizedOdds.Failure.degenerateGroup("b")) {
            try EqualizedOdds(scores: [0.2, 0.8, 0.4, 0.6], labels: [false, true, true, true], groups: ["a", "a", "b", "b"])
        }
    }
}
