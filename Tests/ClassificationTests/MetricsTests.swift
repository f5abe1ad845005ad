import Foundation
import LinearAlgebra
import Testing
@testable import Classification

@Suite struct MetricsTests {
    static let cases: [MetricsFixture.Case] = (try? Fixtures.load("metrics", as: MetricsFixture.self).cases) ?? []

    @Test("the metrics fixture has its cases")
    func fixturePresent() {
        #expect(Self.cases.count == 5)
    }

    @Test("matches scikit-learn on fixed predictions", arguments: cases)
    func matchesScikitLearn(_ fixture: MetricsFixture.Case) throws {
        // Given
        let probabilities = Fixtures.matrix(fixture.probabilities)
        let expected = fixture.expected
        // When
        let evaluation = try Evaluation(labels: fixture.labels, probabilities: probabilities)
        // Then
        #expect(evaluation.count == fixture.labels.count)
        #expect(abs(evaluation.accuracy - expected.accuracy) < 1e-12)
        #expect(evaluation.confusion == expected.confusion)
        #expect(evaluation.perClass.map(\.support) == expected.support)
        for k in 0..<fixture.classCount {
            let scores = evaluation.perClass[k]
            #expect(abs(scores.precision - expected.precision[k]) < 1e-12, "precision of class \(k)")
            #expect(abs(scores.recall - expected.recall[k]) < 1e-12, "recall of class \(k)")
            #expect(abs(scores.f1 - expected.f1[k]) < 1e-12, "F1 of class \(k)")
            let auc = try #require(scores.auc)
            #expect(abs(auc - expected.perClassAUC[k]) < 1e-12, "AUC of class \(k)")
        }
        #expect(abs(evaluation.macroF1 - expected.macroF1) < 1e-12)
        let macroAUC = try #require(evaluation.macroAUC)
        #expect(abs(macroAUC - expected.macroAUC) < 1e-12)
        // scikit-learn sums float32 logs; ours are Double.
        #expect(abs(evaluation.logLoss - expected.logLoss) < 1e-6 * max(1, expected.logLoss))
        #expect(abs(evaluation.expectedCalibrationError - expected.expectedCalibrationError) < 1e-12)
    }

    @Test("tied scores count one half in the AUC")
    func aucTies() throws {
        // Given one positive and one negative with the same score, and one clear pair
        let auc = try #require(Metrics.rocAUC(positives: [true, false, true, false], scores: [0.5, 0.5, 0.9, 0.1]))
        // Then pairs: (0.5 vs 0.5) = ½, (0.5 vs 0.1) = 1, (0.9 vs 0.5) = 1, (0.9 vs 0.1) = 1
        #expect(auc == 3.5 / 4)
        #expect(Metrics.rocAUC(positives: [true, true], scores: [0.1, 0.2]) == nil)
    }

    @Test("log-loss clips a zero probability at Float32 epsilon")
    func logLossClipping() {
        let probabilities = Matrix(rows: 1, columns: 2, values: [1, 0])
        let loss = Metrics.logLoss(labels: [1], probabilities: probabilities)
        #expect(abs(loss - (-Foundation.log(Double(Float.ulpOfOne)))) < 1e-12)
    }

    @Test("calibration error of a worked example")
    func calibrationWorkedExample() {
        // Given confidences 0.9 (right), 0.9 (wrong), 0.6 (right): bins (0.8667, 0.9333] and (0.5333, 0.6]
        let probabilities = Matrix(rows: 3, columns: 2, values: [0.9, 0.1, 0.1, 0.9, 0.6, 0.4])
        // When
        let ece = Metrics.expectedCalibrationError(labels: [0, 0, 0], probabilities: probabilities)
        // Then 2/3·|0.5 − 0.9| + 1/3·|1 − 0.6|
        let expected = 2.0 / 3 * 0.4 + 1.0 / 3 * 0.4
        #expect(abs(ece - expected) < 1e-6)
    }

    @Test("the majority baseline predicts the most frequent training class")
    func majorityBaseline() throws {
        // Given training labels mostly class 2, evaluation labels half class 2
        let baseline = try Evaluation.majorityBaseline(trainingLabels: [2, 2, 2, 0, 1], labels: [2, 0, 2, 1], classCount: 3)
        // Then
        #expect(baseline.accuracy == 0.5)
        #expect(baseline.confusion == [[0, 0, 1], [0, 0, 1], [0, 0, 2]])
        #expect(baseline.macroAUC == 0.5)
        #expect(abs(baseline.macroF1 - (2.0 * 2 / (2 + 4)) / 3) < 1e-12)
        #expect(abs(baseline.logLoss - (-(2 * Foundation.log(0.6) + Foundation.log(0.2) * 2) / 4)) < 1e-6)
    }

    @Test("evaluation rejects mismatched or out-of-range labels")
    func evaluationErrors() {
        let probabilities = Matrix(rows: 2, columns: 2, values: [0.5, 0.5, 0.2, 0.8])
        #expect(throws: ClassificationError.dimensionMismatch(what: "labels (one per probability row)", expected: 2, got: 1)) {
            try Evaluation(labels: [0], probabilities: probabilities)
        }
        #expect(throws: ClassificationError.labelOutOfRange(row: 1, label: 2, classCount: 2)) {
            try Evaluation(labels: [0, 2], probabilities: probabilities)
        }
    }
}

@Suite struct QueueScoresTests {
    @Test("margin is the gap between the two most probable classes")
    func margin() {
        let probabilities = Matrix(rows: 3, columns: 3, values: [0.5, 0.3, 0.2, 0.4, 0.4, 0.2, 0.1, 0.1, 0.8])
        let margins = QueueScores.margin(probabilities)
        #expect(abs(margins[0] - 0.2) < 1e-6)
        #expect(margins[1] == 0)
        #expect(abs(margins[2] - 0.7) < 1e-6)
        #expect(QueueScores.uncertainFirst(probabilities) == [1, 0, 2])
    }

    @Test("entropy is ln K for a uniform row and 0 for a certain one")
    func entropy() {
        let probabilities = Matrix(rows: 2, columns: 4, values: [0.25, 0.25, 0.25, 0.25, 1, 0, 0, 0])
        let entropies = QueueScores.entropy(probabilities)
        #expect(abs(entropies[0] - Foundation.log(4.0)) < 1e-9)
        #expect(entropies[1] == 0)
    }
}
