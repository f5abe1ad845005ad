import Classification
import Foundation
import LinearAlgebra
import Testing
@testable import ModelLoop

/// Reweighing against AIF360 (binary) and the Kamiran & Calders formula (three groups, three
/// labels), and the reweighed head against scikit-learn fitted with the same sample weights
/// (Fixtures/reweighing.json, written by scripts/make_reweighing_fixture.py).
@Suite struct ReweighingTests {
    struct Case: Decodable {
        let groups: [String]
        let labels: [Int]
        let features: [[Double]]
        let weights: [Double]
        let coefficients: [[Double]]
        let intercepts: [Double]
    }

    struct Fixture: Decodable {
        let binary: Case
        let multiclass: Case
    }

    static func fixture() throws -> Fixture {
        let url = try #require(Bundle.module.url(forResource: "reweighing", withExtension: "json", subdirectory: "Fixtures"),
                               "missing Fixtures/reweighing.json: run scripts/make_reweighing_fixture.py")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    @Test("the weights equal AIF360's Reweighing on two groups and the formula on three", arguments: ["binary", "multiclass"])
    func weights(name: String) throws {
        let fixture = try Self.fixture()
        let data = name == "binary" ? fixture.binary : fixture.multiclass
        let weights = Reweighing(groups: data.groups, labels: data.labels).itemWeights(groups: data.groups, labels: data.labels)
        #expect(weights.count == data.weights.count)
        for (found, expected) in zip(weights, data.weights) { #expect(abs(found - expected) < 1e-12) }
        // Weighted, group and label are independent: each cell's weight sums to n·P(g)·P(y).
        let n = Double(data.labels.count)
        for group in Set(data.groups) {
            for label in Set(data.labels) {
                let cell = weights.indices.filter { data.groups[$0] == group && data.labels[$0] == label }.map { weights[$0] }.reduce(0, +)
                let pg = Double(data.groups.filter { $0 == group }.count) / n, py = Double(data.labels.filter { $0 == label }.count) / n
                #expect(abs(cell - n * pg * py) < 1e-9)
            }
        }
    }

    @Test("the head fitted with the weights equals scikit-learn's fit with sample_weight", arguments: ["binary", "multiclass"])
    func weightedFit(name: String) throws {
        let fixture = try Self.fixture()
        let data = name == "binary" ? fixture.binary : fixture.multiclass
        let features = Matrix(rows: data.features.count, columns: 4, values: data.features.flatMap { $0.map { Float($0) } })
        let classes = Set(data.labels).count
        let model = try LogisticRegression.fit(features: features, labels: data.labels, classCount: classes,
                                               parameters: .init(tolerance: 1e-8, maxIterations: 1000), itemWeights: data.weights)
        // scikit-learn's binary coef_ is one row, for class 1; ours has the zero row of class 0 first.
        let rows = classes == 2 ? [1] : Array(0..<classes)
        for (reference, row) in zip(data.coefficients, rows) {
            for (column, expected) in reference.enumerated() {
                #expect(abs(Double(model.weights[row, column]) - expected) < 2e-4, "coefficient [\(row), \(column)]")
            }
        }
        for (reference, row) in zip(data.intercepts, rows) { #expect(abs(Double(model.intercepts[row]) - reference) < 2e-4) }
        // And the weights matter: unweighted, the fit is another.
        let plain = try LogisticRegression.fit(features: features, labels: data.labels, classCount: classes, parameters: .init(tolerance: 1e-8, maxIterations: 1000))
        #expect(plain.coefficients != model.coefficients)
        #expect(throws: (any Error).self) {
            try LogisticRegression.fit(features: features, labels: data.labels, classCount: classes, itemWeights: [1, 2])
        }
    }
}
