import Agreement
import Foundation
import Slices
import Testing

/// Decoded fixtures written by scripts/make_slices_fixtures.py.
enum Fixture {
    struct MissingFixture: Error, CustomStringConvertible {
        let name: String
        var description: String { "fixture \(name).json is missing from the test bundle" }
    }

    static func load<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures")
        else { throw MissingFixture(name: name) }
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    // MARK: fairness.json

    struct Fairness: Decodable {
        let versions: [String: String]
        let thresholds: [Int]
        let datasets: [Dataset]
    }

    struct Dimension: Decodable {
        let name: String
        let values: [String?]
    }

    struct Dataset: Decodable, CustomTestStringConvertible {
        let name: String
        let labels: [String]
        let annotators: [String]
        let itemDimension: Dimension
        let annotatorDimension: Dimension
        let ratings: [[Int?]]
        let gold: [Int?]
        let predictions: [Int?]
        let probabilities: [[Double]?]?
        let expected: [ExpectedDimension]

        var testDescription: String { name }

        func data() throws -> SliceData {
            let predictions = predictions.enumerated().map { item, label in
                label.map { Prediction(label: $0, probabilities: probabilities?[item]) }
            }
            return try SliceData(
                labels: labels, annotators: annotators,
                ratings: RatingMatrix(rows: ratings, categoryCount: labels.count),
                gold: gold, predictions: predictions,
                itemDimensions: [ItemDimension(name: itemDimension.name, values: itemDimension.values)],
                annotatorDimensions: [AnnotatorDimension(name: annotatorDimension.name, values: annotatorDimension.values)])
        }
    }

    struct ExpectedDimension: Decodable {
        let name: String
        let kind: String
        let slices: [ExpectedSlice]
        /// By threshold ("1", "20").
        let gaps: [String: ExpectedGaps]
    }

    struct ExpectedSlice: Decodable {
        let value: String
        let items: Int
        let labels: Int
        let agreement: ExpectedAgreement
        let model: ExpectedClassification?
        let annotatorLabels: ExpectedClassification?
        let meanProbabilities: [Double]?
    }

    struct ExpectedAgreement: Decodable {
        let pairableItems: Int
        let percentAgreement: Double?
        let krippendorffAlpha: Double?
    }

    struct ExpectedClassification: Decodable {
        let units: Int
        let scoredUnits: Int
        let counts: [Int]
        let selectionRate: [Double]
        let accuracy: Double?
        let macroF1: Double?
        let truePositiveRate: [Double?]
        let falsePositiveRate: [Double?]
    }

    struct ExpectedGaps: Decodable {
        let model: ExpectedGapSet?
        let annotatorLabels: ExpectedGapSet?
    }

    /// The expected gaps decode straight into the public `LabelGap`, which checks its JSON
    /// names against the fixture's.
    struct ExpectedGapSet: Decodable {
        let slices: [String]
        let labels: [LabelGap]
    }

    static func datasets() -> [Dataset] {
        // A missing or broken fixture must fail the suite, not silently run zero cases.
        (try? load("fairness", as: Fairness.self).datasets) ?? []
    }
}

