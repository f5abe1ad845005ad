import Foundation
import LinearAlgebra
import Testing
@testable import Drift

/// The drift statistics against Evidently (and scikit-learn) on the same vectors and labels
/// (Fixtures/drift.json, written by scripts/make_drift_fixture.py).
@Suite struct DriftReferenceTests {
    struct Pair: Decodable {
        let reference: [[Float]]
        let current: [[Float]]
        let distance: Double
        let mmd: Double
        let evidentlyModelAuc: Double
        let sklearnCvAuc: Double
    }

    struct Labels: Decodable {
        let labels: [String]
        let reference: [Int]
        let current: [Int]
        let psi: Double
        let zP: [Double]
        let chiSquareP: Double?
        let jensenShannon: Double?
    }

    struct Fixture: Decodable {
        let embeddings: [String: Pair]
        let categorical: [String: Labels]
    }

    static func fixture() throws -> Fixture {
        let url = try #require(Bundle.module.url(forResource: "drift", withExtension: "json", subdirectory: "Fixtures"),
                               "missing Fixtures/drift.json: run scripts/make_drift_fixture.py")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Fixture.self, from: Data(contentsOf: url))
    }

    static func matrix(_ rows: [[Float]]) -> Matrix { Matrix(rows: rows.count, columns: rows[0].count, values: rows.flatMap { $0 }) }

    @Test("distance between means and MMD² equal Evidently's to 1e-6; the domain classifier agrees on drift",
          arguments: ["shifted", "same"])
    func embeddings(name: String) throws {
        let pair = try #require(try Self.fixture().embeddings[name])
        let drift = try EmbeddingDrift(reference: Self.matrix(pair.reference), current: Self.matrix(pair.current))
        #expect(abs(drift.meanDistance - pair.distance) < 1e-6, "distance \(drift.meanDistance) vs \(pair.distance)")
        #expect(abs(drift.mmd - pair.mmd) < 1e-6, "MMD² \(drift.mmd) vs \(pair.mmd)")
        #expect(drift.mmdRows == [300, 200])
        // The head's cross-validated AUC is scikit-learn's method on other folds: close, not equal.
        #expect(abs(drift.classifier.auc - pair.sklearnCvAuc) < 0.05, "AUC \(drift.classifier.auc) vs \(pair.sklearnCvAuc)")
        #expect(drift.classifier.drifted == (pair.evidentlyModelAuc > 0.55))
        #expect(drift.classifier.drifted == (name == "shifted"))
        // Small batches get a permutation null.
        #expect(drift.classifier.permutations == 50)
        let p = try #require(drift.classifier.pValue)
        #expect(name == "shifted" ? p < 0.05 : p > 0.05)
    }

    @Test("label drift: chi-square (small) or Jensen–Shannon (large), PSI and per-class z-tests equal Evidently's",
          arguments: ["small", "large"])
    func categorical(name: String) throws {
        let data = try #require(try Self.fixture().categorical[name])
        let drift = try #require(CategoricalDrift(labels: data.labels, reference: data.reference, current: data.current))
        #expect(abs(drift.psi - data.psi) < 1e-9)
        for (shift, expected) in zip(drift.classes, data.zP) { #expect(abs((shift.zPValue ?? -1) - expected) < 1e-9) }
        if let p = data.chiSquareP {
            #expect(drift.test == "chi-square")
            #expect(abs((drift.pValue ?? -1) - p) <= 1e-6 * p)
            #expect(drift.drifted == (p < 0.05))
        }
        if let js = data.jensenShannon {
            #expect(drift.test == "jensen-shannon")
            #expect(abs(drift.statistic - js) < 1e-9)
            #expect(drift.drifted == (js >= 0.1))
        }
    }

    @Test("too few rows is an error naming the sizes; an empty batch has no categorical drift")
    func edges() throws {
        let one = Matrix(rows: 2, columns: 3, values: [1, 2, 3, 4, 5, 6])
        #expect(throws: DriftError.tooFewRows(reference: 2, current: 2, needed: 5)) { try EmbeddingDrift(reference: one, current: one) }
        #expect(CategoricalDrift(labels: ["a", "b"], reference: [0, 0], current: [1, 2]) == nil)
    }
}
