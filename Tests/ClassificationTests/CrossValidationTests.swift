import Digest
import Foundation
import LinearAlgebra
import Testing
@testable import Classification

@Suite struct CrossValidationTests {
    static let labels: [Int] = (0..<103).map { $0 % 7 == 0 ? 2 : ($0 % 3 == 0 ? 1 : 0) }

    @Test("folds keep each class's share and sizes within one")
    func stratified() {
        // Given
        let folds = CrossValidation.stratifiedFolds(labels: Self.labels, classCount: 3, folds: 5, seed: 1)
        // Then
        let sizes = (0..<5).map { f in folds.filter { $0 == f }.count }
        #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1)
        for c in 0..<3 {
            let perFold = (0..<5).map { f in zip(folds, Self.labels).filter { $0.0 == f && $0.1 == c }.count }
            #expect((perFold.max() ?? 0) - (perFold.min() ?? 0) <= 1, "class \(c) per fold: \(perFold)")
        }
    }

    @Test("the same seed deals the same folds, another seed others")
    func seeded() {
        let first = CrossValidation.stratifiedFolds(labels: Self.labels, classCount: 3, folds: 5, seed: 7)
        let again = CrossValidation.stratifiedFolds(labels: Self.labels, classCount: 3, folds: 5, seed: 7)
        let other = CrossValidation.stratifiedFolds(labels: Self.labels, classCount: 3, folds: 5, seed: 8)
        #expect(first == again)
        #expect(first != other)
    }

    @Test("the seeded generator's sequence is fixed")
    func generatorSequence() {
        // SplitMix64 reference values for seed 0 (Vigna's splitmix64.c).
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test("out-of-fold probabilities are deterministic and predict held-out rows")
    func outOfFold() throws {
        // Given the label-noise fixture's features with their true labels
        let fixture = try #require(SuspectLabelsTests.fixture)
        let features = Fixtures.matrix(fixture.features)
        // When
        let first = try CrossValidation.outOfFold(features: features, labels: fixture.trueLabels, classCount: 3, folds: 5, seed: 3)
        let again = try CrossValidation.outOfFold(features: features, labels: fixture.trueLabels, classCount: 3, folds: 5, seed: 3)
        // Then
        #expect(first == again)
        #expect(first.fits.count == 5)
        let evaluation = try Evaluation(labels: fixture.trueLabels, probabilities: first.probabilities)
        #expect(evaluation.accuracy > 0.9)
        let baseline = try Evaluation.majorityBaseline(trainingLabels: fixture.trueLabels, labels: fixture.trueLabels, classCount: 3)
        #expect(evaluation.accuracy > baseline.accuracy)
    }

    @Test("too few items for the folds says how many more")
    func tooFewForFolds() {
        // Given class 1 with 1 item: every training split must keep one, so it needs 2
        let features = Matrix(rows: 6, columns: 1, values: [1, 2, 3, 4, 5, 6])
        #expect(throws: ClassificationError.tooFewItems([.init(classIndex: 1, count: 1, minimum: 2)])) {
            try CrossValidation.outOfFold(features: features, labels: [0, 0, 0, 0, 0, 1], classCount: 2, folds: 5)
        }
        #expect(CrossValidation.minimumItemsPerClass(folds: 5, minimumPerClass: 1) == 2)
        #expect(CrossValidation.minimumItemsPerClass(folds: 5, minimumPerClass: 4) == 5)
        #expect(CrossValidation.minimumItemsPerClass(folds: 2, minimumPerClass: 3) == 6)
    }

    @Test("C is chosen by dev log-loss or macro-F1, the smaller C on ties")
    func selectC() throws {
        // Given the three-class training data split into train and dev
        let data = try #require(LogisticRegressionTests.fixture?.datasets["three"])
        let features = Fixtures.matrix(data.features)
        let train = Array(0..<200)
        let dev = Array(200..<300)
        // When
        let byLoss = try ModelSelection.selectC(
            trainFeatures: features.selectingRows(train), trainLabels: train.map { data.labels[$0] },
            devFeatures: features.selectingRows(dev), devLabels: dev.map { data.labels[$0] }, classCount: 3)
        let byF1 = try ModelSelection.selectC(
            trainFeatures: features.selectingRows(train), trainLabels: train.map { data.labels[$0] },
            devFeatures: features.selectingRows(dev), devLabels: dev.map { data.labels[$0] }, classCount: 3,
            criterion: .macroF1)
        // Then
        #expect(byLoss.candidates.map(\.c) == ModelSelection.defaultGrid)
        let bestLoss = byLoss.candidates.map(\.evaluation.logLoss).min()
        #expect(byLoss.candidates.first { $0.c == byLoss.chosenC }?.evaluation.logLoss == bestLoss)
        let bestF1 = byF1.candidates.map(\.evaluation.macroF1).max()
        let firstBest = byF1.candidates.filter { $0.evaluation.macroF1 == bestF1 }.map(\.c).min()
        #expect(byF1.chosenC == firstBest)
        // The weakest penalty is not the best log-loss here: 0.01 underfits, 100 overfits a little.
        #expect(byLoss.chosenC > 0.01)
    }
}
