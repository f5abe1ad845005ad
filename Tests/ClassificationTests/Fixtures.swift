import Foundation
import LinearAlgebra
import Testing

/// Reference data written by scripts/make_classification_fixtures.py (scikit-learn, cleanlab).
enum Fixtures {
    static func load<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"),
            "missing fixture \(name).json: run scripts/make_classification_fixtures.py")
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    static func matrix(_ rows: [[Double]]) -> Matrix {
        Matrix(rows: rows.count, columns: rows.first?.count ?? 0, values: rows.flatMap { $0.map { Float($0) } })
    }
}

struct MetricsFixture: Decodable {
    struct Expected: Decodable, Sendable {
        let accuracy: Double
        let precision: [Double]
        let recall: [Double]
        let f1: [Double]
        let support: [Int]
        let macroF1: Double
        let macroAUC: Double
        let perClassAUC: [Double]
        let confusion: [[Int]]
        let logLoss: Double
        let expectedCalibrationError: Double
    }

    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let classCount: Int
        let labels: [Int]
        let probabilities: [[Double]]
        let expected: Expected
        var testDescription: String { name }
    }

    let source: String
    let cases: [Case]
}

struct TrainingFixture: Decodable {
    struct Dataset: Decodable, Sendable {
        let features: [[Double]]
        let labels: [Int]
    }

    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let classCount: Int
        let c: Double
        let balanced: Bool
        let fitIntercept: Bool
        let dataset: String
        let weights: [[Double]]
        let intercepts: [Double]
        let probabilities: [[Double]]
        let iterations: Int
        var testDescription: String { name }
    }

    let source: String
    let datasets: [String: Dataset]
    let cases: [Case]
}

struct LabelNoiseFixture: Decodable {
    let source: String
    let classCount: Int
    let features: [[Double]]
    let labels: [Int]
    let trueLabels: [Int]
    let flipped: [Int]
    let outOfFoldProbabilities: [[Double]]
    let thresholds: [Double]
    let confidentJoint: [[Int]]
    let rankedIssues: [Int]
}
