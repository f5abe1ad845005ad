import Agreement
import Foundation

/// How slices are measured.
public struct SliceOptions: Sendable, Equatable, Codable {
    /// Bootstrap draws; 0 gives point estimates only (no intervals, nothing ranked).
    public var draws: Int
    public var seed: UInt64
    public var confidenceLevel: Double
    /// Slices with fewer items are reported as too small: no intervals, not ranked, left out
    /// of the gaps.
    public var minimumSliceSize: Int
    /// Metric of the per-slice Krippendorff's α.
    public var alphaLevel: LevelOfMeasurement
    /// Threads for the bootstrap (at most one per core helps). Results do not depend on it.
    public var workers: Int

    public init(
        draws: Int = 1_000,
        seed: UInt64 = 0x6F70_696E_6521,
        confidenceLevel: Double = 0.95,
        minimumSliceSize: Int = 20,
        alphaLevel: LevelOfMeasurement = .nominal,
        workers: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.draws = draws
        self.seed = seed
        self.confidenceLevel = confidenceLevel
        self.minimumSliceSize = minimumSliceSize
        self.alphaLevel = alphaLevel
        self.workers = workers
    }

    // `workers` is a property of the machine, not of the result, so it is not encoded.
    private enum CodingKeys: String, CodingKey {
        case draws, seed, confidenceLevel, minimumSliceSize, alphaLevel
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            draws: try container.decode(Int.self, forKey: .draws),
            seed: try container.decode(UInt64.self, forKey: .seed),
            confidenceLevel: try container.decode(Double.self, forKey: .confidenceLevel),
            minimumSliceSize: try container.decode(Int.self, forKey: .minimumSliceSize),
            alphaLevel: try container.decode(LevelOfMeasurement.self, forKey: .alphaLevel))
    }

    func validate() throws(SlicesError) {
        guard draws >= 0 else { throw .invalidOptions(reason: "draws must not be negative") }
        guard workers >= 1 else { throw .invalidOptions(reason: "workers must be at least 1") }
        guard confidenceLevel > 0, confidenceLevel < 1 else {
            throw .invalidOptions(reason: "confidence level must be strictly between 0 and 1")
        }
        guard minimumSliceSize >= 1 else { throw .invalidOptions(reason: "minimum slice size must be at least 1") }
    }
}
