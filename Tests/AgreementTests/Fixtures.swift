import Foundation
import Testing

@testable import Agreement

/// Decoded fixtures written by scripts/make_agreement_fixtures.py.
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

    // MARK: published_examples.json

    struct Published: Decodable {
        struct Krippendorff: Decodable {
            let rows: [[Int?]]
            let categoryCount: Int
            let categoryValues: [Double]
            let published: [String: Double]
            let reference: [String: Double]
        }

        struct Fleiss: Decodable {
            let rows: [[Int]]
            let categoryCount: Int
            let published: Double
            let reference: Double
        }

        struct Cohen: Decodable {
            let table: [[Double]]
            let published: [String: Double]
            let reference: [String: Double]
        }

        let krippendorff2011: Krippendorff
        let fleiss1971: Fleiss
        let cohenSAS: Cohen
        let cohenWikipedia: Cohen
    }

    // MARK: reference_datasets.json

    struct Value: Decodable {
        let value: Double?
        let source: String
    }

    struct Pair: Decodable {
        let coderA: Int
        let coderB: Int
        let units: Int
        let percentAgreement: Double?
        let unweighted: Double?
        let linear: Double?
        let quadratic: Double?
    }

    struct Annotator: Decodable {
        let coder: Int
        let agreementWithOthers: Double?
        let comparedPairs: Int
        let counts: [Int]
        let statistic: Double?
        let degreesOfFreedom: Int?
        let pValue: Double?
    }

    struct Expected: Decodable {
        let percentAgreement: Value
        let fleissKappa: Value
        let fleissKappaStatsmodels: Double?
        let gwetAC1: Value
        let krippendorffAlpha: [String: Double?]
        let cohen: [Pair]
        let specificAgreement: [Double?]
        let annotators: [Annotator]
    }

    struct Dataset: Decodable, CustomTestStringConvertible {
        let name: String
        let categoryCount: Int
        let categoryValues: [Double]
        let rows: [[Int?]]
        let expected: Expected

        var testDescription: String { name }

        func matrix(level: LevelOfMeasurement = .interval) throws -> RatingMatrix {
            try RatingMatrix(rows: rows, categoryCount: categoryCount, level: level, categoryValues: categoryValues)
        }
    }

    struct References: Decodable {
        let versions: [String: String]
        let datasets: [Dataset]
    }

    static func datasets() -> [Dataset] {
        // A missing or broken fixture must fail the suite, not silently run zero cases.
        (try? load("reference_datasets", as: References.self).datasets) ?? []
    }

    // MARK: bootstrap.json

    struct Bootstrap: Decodable {
        let seed: UInt64
        let draws: Int
        let confidenceLevel: Double
        let categoryCount: Int
        let rows: [[Int?]]
        let firstDrawUnits: [Int]
        let splitMixFirstOutputs: [String]
        let xoshiroFirstOutputs: [String]
        let intervals: [String: Interval?]
    }

    struct Interval: Decodable {
        let lower: Double
        let upper: Double
        let validDraws: Int
    }

    // MARK: incomplete_gamma.json

    struct Gamma: Decodable {
        struct Case: Decodable {
            let a: Double
            let x: Double
            let upper: Double
            let lower: Double
        }

        struct ChiSquare: Decodable {
            let df: Int
            let x: Double
            let survival: Double
        }

        let gamma: [Case]
        let chiSquare: [ChiSquare]
    }
}

