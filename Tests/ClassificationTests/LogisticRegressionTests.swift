import Foundation
import LinearAlgebra
import Testing
@testable import Classification

@Suite struct LogisticRegressionTests {
    static let fixture: TrainingFixture? = try? Fixtures.load("training", as: TrainingFixture.self)
    static let cases: [TrainingFixture.Case] = fixture?.cases ?? []

    @Test("the training fixture has its cases")
    func fixturePresent() {
        #expect(Self.cases.count == 5)
    }

    @Test("fits the coefficients and probabilities scikit-learn fits", arguments: cases)
    func matchesScikitLearn(_ reference: TrainingFixture.Case) throws {
        // Given
        let data = try #require(Self.fixture?.datasets[reference.dataset])
        let features = Fixtures.matrix(data.features)
        let parameters = LogisticRegression.Parameters(
            c: reference.c, classWeighting: reference.balanced ? .balanced : .uniform,
            fitIntercept: reference.fitIntercept, tolerance: 1e-8, maxIterations: 1000)
        // When
        let model = try LogisticRegression.fit(
            features: features, labels: data.labels, classCount: reference.classCount, parameters: parameters)
        let probabilities = try model.predictProbabilities(features)
        // Then
        #expect(model.training.converged)
        let expected = Fixtures.matrix(reference.probabilities)
        let probabilityError = zip(probabilities.values, expected.values).map { abs(Double($0) - Double($1)) }.max() ?? 1
        #expect(probabilityError < 1e-5, "largest probability difference \(probabilityError)")
        let scale = reference.weights.flatMap { $0 }.map(abs).max() ?? 1
        var weightError = 0.0
        for k in 0..<reference.classCount {
            for j in 0..<model.featureCount {
                weightError = max(weightError, abs(Double(model.weights[k, j]) - reference.weights[k][j]))
            }
            weightError = max(weightError, abs(Double(model.intercepts[k]) - reference.intercepts[k]))
        }
        #expect(weightError < 1e-5 * scale, "largest coefficient difference \(weightError) (scale \(scale))")
    }

    @Test("the default tolerance reaches scikit-learn's default-tolerance accuracy")
    func defaultTolerance() throws {
        // Given the three-class data and scikit-learn's tol=1e-10 probabilities
        let reference = try #require(Self.cases.first)
        let data = try #require(Self.fixture?.datasets[reference.dataset])
        let features = Fixtures.matrix(data.features)
        // When fitted with tol = 1e-4 (scikit-learn's default)
        let model = try LogisticRegression.fit(features: features, labels: data.labels, classCount: 3)
        // Then the decisions agree and probabilities are close
        let predicted = try model.predict(features)
        let expected = Metrics.argmax(Fixtures.matrix(reference.probabilities))
        #expect(predicted == expected)
        #expect(model.training.gradientMaxNorm <= 1e-4)
    }

    @Test("fitting twice gives bit-identical models")
    func deterministic() throws {
        let data = try #require(Self.fixture?.datasets["three"])
        let features = Fixtures.matrix(data.features)
        let first = try LogisticRegression.fit(features: features, labels: data.labels, classCount: 3)
        let second = try LogisticRegression.fit(features: features, labels: data.labels, classCount: 3)
        #expect(first == second)
    }

    @Test("a round trip through JSON keeps the model")
    func codable() throws {
        let features = Matrix(rows: 4, columns: 2, values: [0, 1, 1, 0, 0, 2, 2, 0])
        let model = try LogisticRegression.fit(features: features, labels: [0, 1, 0, 1], classCount: 2)
        let decoded = try JSONDecoder().decode(LogisticRegression.self, from: JSONEncoder().encode(model))
        #expect(decoded == model)
        #expect(try decoded.predictProbabilities(features) == model.predictProbabilities(features))
        // A stored model whose shapes disagree is rejected.
        var object = try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(model)) as? [String: Any])
        object["intercepts"] = [0.5]
        let broken = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: ClassificationError.dimensionMismatch(what: "intercepts", expected: 2, got: 1)) {
            try JSONDecoder().decode(LogisticRegression.self, from: broken)
        }
    }

    // MARK: - Degenerate data

    @Test("labels from one class ask for one more class")
    func oneClass() {
        let features = Matrix(rows: 3, columns: 2, values: [1, 2, 3, 4, 5, 6])
        #expect(throws: ClassificationError.tooFewClasses(found: 1)) {
            try LogisticRegression.fit(features: features, labels: [1, 1, 1], classCount: 3)
        }
        #expect(ClassificationError.tooFewClasses(found: 1).description.contains("1 more class"))
    }

    @Test("a declared class without items is named with how many more it needs")
    func missingClass() {
        let features = Matrix(rows: 4, columns: 1, values: [1, 2, 3, 4])
        let expected = ClassificationError.tooFewItems([.init(classIndex: 2, count: 0, minimum: 1)])
        #expect(throws: expected) {
            try LogisticRegression.fit(features: features, labels: [0, 1, 0, 1], classCount: 3)
        }
        #expect(expected.description.contains("class 2 has 0 labelled items, needs 1 more"))
    }

    @Test("one item per class trains, and a higher minimum says how many more")
    func oneItemPerClass() throws {
        // Given one item of each class
        let features = Matrix(rows: 2, columns: 2, values: [1, 0, 0, 1])
        // When
        let model = try LogisticRegression.fit(features: features, labels: [0, 1], classCount: 2)
        // Then it separates its two items
        #expect(try model.predict(features) == [0, 1])
        let parameters = LogisticRegression.Parameters(minimumItemsPerClass: 3)
        #expect(throws: ClassificationError.tooFewItems([.init(classIndex: 0, count: 1, minimum: 3),
                                                         .init(classIndex: 1, count: 1, minimum: 3)])) {
            try LogisticRegression.fit(features: features, labels: [0, 1], classCount: 2, parameters: parameters)
        }
    }

    @Test("identical vectors with different labels give the class frequencies")
    func duplicateVectors() throws {
        // Given 10 copies of one vector, 7 labelled 0 and 3 labelled 1 (and 3 classes: 2 is present elsewhere)
        var values: [Float] = []
        for _ in 0..<10 { values += [0.3, -1.2, 0.7] }
        values += [5, 5, 5]
        let features = Matrix(rows: 11, columns: 3, values: values)
        let labels = [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 2]
        // When
        let model = try LogisticRegression.fit(
            features: features, labels: labels, classCount: 3, parameters: .init(tolerance: 1e-7, maxIterations: 500))
        let probabilities = try model.predictProbabilities(Matrix(rows: 1, columns: 3, values: [0.3, -1.2, 0.7]))
        // Then the repeated vector's probabilities are close to 0.7 : 0.3 (the penalty pulls a little)
        #expect(abs(Double(probabilities[0, 0]) - 0.7) < 0.05)
        #expect(abs(Double(probabilities[0, 1]) - 0.3) < 0.05)
        #expect(probabilities[0, 0] > probabilities[0, 1])
    }

    @Test("separable data stays finite under a weak penalty")
    func separable() throws {
        let features = Matrix(rows: 4, columns: 1, values: [-2, -1, 1, 2])
        let model = try LogisticRegression.fit(
            features: features, labels: [0, 0, 1, 1], classCount: 2, parameters: .init(c: 1e6, maxIterations: 50))
        #expect(model.coefficients.allSatisfy { $0.isFinite })
        #expect(try model.predict(features) == [0, 0, 1, 1])
    }

    @Test("huge feature values keep the loss finite")
    func hugeValues() throws {
        // Given a mislabelled item far out, so its true-class probability underflows on the way
        let features = Matrix(rows: 6, columns: 2, values: [-3e4, 1, -2e4, 0, 2e4, 1, 3e4, 0, 2.5e4, 1, -1e4, 0])
        let model = try LogisticRegression.fit(features: features, labels: [0, 0, 1, 1, 0, 2], classCount: 3)
        #expect(model.training.objective.isFinite)
        #expect(model.coefficients.allSatisfy { $0.isFinite })
        let probabilities = try model.predictProbabilities(features)
        #expect(probabilities.values.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 })
    }

    @Test("a NaN or infinite feature is an error naming its row", arguments: [Float.nan, .infinity, -.infinity])
    func nonFinite(_ bad: Float) throws {
        // Given
        var features = Matrix(rows: 10, columns: 4, values: (0..<40).map { Float($0 % 7) })
        let labels = (0..<10).map { $0 % 2 }
        features[7, 3] = bad
        // Then
        #expect(throws: ClassificationError.nonFiniteFeature(row: 7, column: 3)) {
            try LogisticRegression.fit(features: features, labels: labels, classCount: 2)
        }
        #expect(ClassificationError.nonFiniteFeature(row: 7, column: 3).description.contains("row 7"))
        let clean = Matrix(rows: 10, columns: 4, values: (0..<40).map { Float($0 % 7) })
        let model = try LogisticRegression.fit(features: clean, labels: labels, classCount: 2)
        #expect(throws: ClassificationError.nonFiniteFeature(row: 7, column: 3)) {
            try model.predictProbabilities(features)
        }
    }

    @Test("mismatched sizes and bad labels are errors")
    func mismatches() throws {
        let features = Matrix(rows: 3, columns: 2, values: [1, 2, 3, 4, 5, 6])
        #expect(throws: ClassificationError.dimensionMismatch(what: "labels (one per feature row)", expected: 3, got: 2)) {
            try LogisticRegression.fit(features: features, labels: [0, 1], classCount: 2)
        }
        #expect(throws: ClassificationError.labelOutOfRange(row: 2, label: 5, classCount: 2)) {
            try LogisticRegression.fit(features: features, labels: [0, 1, 5], classCount: 2)
        }
        #expect(throws: ClassificationError.noItems) {
            try LogisticRegression.fit(features: Matrix(zeros: 0, 2), labels: [], classCount: 2)
        }
        #expect(throws: ClassificationError.self) {
            try LogisticRegression.fit(features: features, labels: [0, 1, 0], classCount: 2, parameters: .init(c: 0))
        }
        let model = try LogisticRegression.fit(features: features, labels: [0, 1, 0], classCount: 2)
        #expect(throws: ClassificationError.dimensionMismatch(what: "feature columns", expected: 2, got: 3)) {
            try model.predictProbabilities(Matrix(zeros: 1, 3))
        }
    }

    @Test("probabilities are rows that sum to one")
    func probabilitiesSumToOne() throws {
        let data = try #require(Self.fixture?.datasets["three"])
        let features = Fixtures.matrix(data.features)
        let model = try LogisticRegression.fit(features: features, labels: data.labels, classCount: 3)
        let probabilities = try model.predictProbabilities(features)
        for i in 0..<probabilities.rows {
            let sum = (0..<3).reduce(0.0) { $0 + Double(probabilities[i, $1]) }
            #expect(abs(sum - 1) < 1e-5)
        }
    }
}
