import Foundation
import LinearAlgebra
import Testing
@testable import Classification

@Suite struct SuspectLabelsTests {
    static let fixture: LabelNoiseFixture? = try? Fixtures.load("label_noise", as: LabelNoiseFixture.self)

    @Test("per-class thresholds equal cleanlab's")
    func thresholds() throws {
        let fixture = try #require(Self.fixture)
        let thresholds = ConfidentLearning.thresholds(
            labels: fixture.labels, probabilities: Fixtures.matrix(fixture.outOfFoldProbabilities))
        for (ours, theirs) in zip(thresholds, fixture.thresholds) { #expect(abs(ours - theirs) < 1e-12) }
    }

    @Test("the calibrated confident joint equals cleanlab's")
    func confidentJoint() throws {
        let fixture = try #require(Self.fixture)
        let joint = ConfidentLearning.confidentJoint(
            labels: fixture.labels, probabilities: Fixtures.matrix(fixture.outOfFoldProbabilities))
        #expect(joint == fixture.confidentJoint)
    }

    @Test("finds the label issues cleanlab finds, in the same order")
    func matchesCleanlab() throws {
        // Given cleanlab's out-of-fold probabilities
        let fixture = try #require(Self.fixture)
        let probabilities = Fixtures.matrix(fixture.outOfFoldProbabilities)
        // When
        let suspects = try ConfidentLearning.findSuspects(labels: fixture.labels, probabilities: probabilities)
        // Then (acceptance: at least 80% of the flips cleanlab finds)
        let flipped = Set(fixture.flipped)
        let cleanlabFlips = Set(fixture.rankedIssues).intersection(flipped)
        let ourFlips = Set(suspects.map(\.item)).intersection(flipped)
        #expect(Double(ourFlips.intersection(cleanlabFlips).count) >= 0.8 * Double(cleanlabFlips.count))
        #expect(suspects.map(\.item) == fixture.rankedIssues)
    }

    @Test("each suspect proposes another label and scores are ascending")
    func suspectShape() throws {
        let fixture = try #require(Self.fixture)
        let probabilities = Fixtures.matrix(fixture.outOfFoldProbabilities)
        let suspects = try ConfidentLearning.findSuspects(labels: fixture.labels, probabilities: probabilities)
        #expect(!suspects.isEmpty)
        for suspect in suspects {
            #expect(suspect.givenLabel == fixture.labels[suspect.item])
            #expect(suspect.proposedLabel != suspect.givenLabel)
            #expect(suspect.score == Double(probabilities[suspect.item, suspect.givenLabel]))
        }
        #expect(zip(suspects, suspects.dropFirst()).allSatisfy { $0.score <= $1.score })
        // Most proposals are the true label of a flipped item.
        let restored = suspects.filter { fixture.trueLabels[$0.item] == $0.proposedLabel }.count
        #expect(Double(restored) >= 0.8 * Double(suspects.count))
    }

    @Test("our own cross-validation finds at least 80% of the flips cleanlab finds")
    func endToEnd() throws {
        // Given the same features and noisy labels, but our folds and our fits
        let fixture = try #require(Self.fixture)
        let features = Fixtures.matrix(fixture.features)
        // When
        let result = try CrossValidation.outOfFold(features: features, labels: fixture.labels, classCount: fixture.classCount,
                                                   folds: 5, seed: 42)
        let suspects = try ConfidentLearning.findSuspects(labels: fixture.labels, probabilities: result.probabilities)
        // Then
        let flipped = Set(fixture.flipped)
        let cleanlabFlips = Set(fixture.rankedIssues).intersection(flipped)
        let ourFlips = Set(suspects.map(\.item)).intersection(flipped)
        let overlap = Double(ourFlips.intersection(cleanlabFlips).count) / Double(cleanlabFlips.count)
        #expect(overlap >= 0.8, "found \(ourFlips.count) flips, \(overlap) of cleanlab's")
        // And few false alarms: most suspects really were flipped.
        #expect(Double(ourFlips.count) >= 0.8 * Double(suspects.count))
    }

    @Test("rounding keeps the row total as cleanlab does", arguments: [
        ([0.5, 0.5, 1.0], [0, 1, 1]),
        ([1.5, 2.5, 0.0], [2, 2, 0]),
        ([0.3, 0.3, 0.4], [0, 0, 1]),
        ([2.6, 2.6, 2.8], [2, 3, 3]),
        ([10.49, 0.26, 0.25], [11, 0, 0]),
    ])
    func roundPreservingSum(_ values: [Double], _ expected: [Int]) {
        // Expected values from cleanlab.internal.util.round_preserving_sum.
        #expect(ConfidentLearning.roundPreservingSum(values) == expected)
    }

    @Test("clean, confident labels raise no suspects")
    func cleanLabels() throws {
        let probabilities = Matrix(rows: 6, columns: 2, values: [0.9, 0.1, 0.8, 0.2, 0.95, 0.05, 0.1, 0.9, 0.3, 0.7, 0.2, 0.8])
        #expect(try ConfidentLearning.findSuspects(labels: [0, 0, 0, 1, 1, 1], probabilities: probabilities).isEmpty)
    }

    @Test("a confidently contradicted label is suspect and its fix proposed")
    func obviousFlip() throws {
        // Given item 2 labelled 0 but predicted 1 with 0.95
        let probabilities = Matrix(rows: 6, columns: 2, values: [0.9, 0.1, 0.8, 0.2, 0.05, 0.95, 0.1, 0.9, 0.3, 0.7, 0.2, 0.8])
        let suspects = try ConfidentLearning.findSuspects(labels: [0, 0, 0, 1, 1, 1], probabilities: probabilities)
        #expect(suspects == [SuspectLabel(item: 2, givenLabel: 0, proposedLabel: 1, score: Double(Float(0.05)))])
    }
}
