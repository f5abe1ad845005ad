import Digest
import Dispatch
import Foundation

/// A scalar agreement statistic that can be given a bootstrap interval.
public enum AgreementStatistic: Hashable, Sendable, CustomStringConvertible {
    case percentAgreement
    case fleissKappa
    case gwetAC1
    case krippendorffAlpha(LevelOfMeasurement)
    case cohenKappa(coderA: Int, coderB: Int, weighting: KappaWeighting)
    case pairPercentAgreement(coderA: Int, coderB: Int)
    case specificAgreement(category: Int)
    case agreementWithOthers(coder: Int)

    public var description: String {
        switch self {
        case .percentAgreement: "percent agreement"
        case .fleissKappa: "Fleiss' kappa"
        case .gwetAC1: "Gwet's AC1"
        case .krippendorffAlpha(let level): "Krippendorff's alpha (\(level.rawValue))"
        case .cohenKappa(let a, let b, let weighting): "Cohen's kappa \(a)-\(b) (\(weighting.rawValue))"
        case .pairPercentAgreement(let a, let b): "percent agreement \(a)-\(b)"
        case .specificAgreement(let category): "specific agreement on \(category)"
        case .agreementWithOthers(let coder): "agreement of \(coder) with the others"
        }
    }

    /// The overall coefficients that suit the matrix's level of measurement: percent agreement,
    /// Fleiss' κ, Gwet's AC1 and Krippendorff's α for every metric up to `ratings.level`.
    public static func coefficients(for ratings: RatingMatrix) -> [AgreementStatistic] {
        [.percentAgreement, .fleissKappa, .gwetAC1]
            + LevelOfMeasurement.allCases.filter { $0 <= ratings.level }.map { .krippendorffAlpha($0) }
    }

    var needsPairs: Bool {
        switch self {
        case .cohenKappa, .pairPercentAgreement: true
        default: false
        }
    }

    func value(in tally: Tally, values: [Double]) -> Double? {
        let coders = 0..<tally.coderCount
        switch self {
        case .percentAgreement: return tally.percentAgreement
        case .fleissKappa: return tally.fleissKappa
        case .gwetAC1: return tally.gwetAC1
        case .krippendorffAlpha(let level): return tally.krippendorffAlpha(level, values: values)
        case .cohenKappa(let a, let b, let weighting):
            guard coders.contains(a), coders.contains(b) else { return nil }
            return tally.cohenKappa(a, b, weighting: weighting)
        case .pairPercentAgreement(let a, let b):
            guard coders.contains(a), coders.contains(b), a != b else { return nil }
            return tally.pairPercentAgreement(a, b)
        case .specificAgreement(let category):
            guard (0..<tally.categoryCount).contains(category) else { return nil }
            return tally.specificAgreement(category)
        case .agreementWithOthers(let coder):
            guard coders.contains(coder) else { return nil }
            return tally.agreementWithOthers(coder)
        }
    }
}

/// A percentile bootstrap interval.
public struct ConfidenceInterval: Sendable, Equatable, Codable {
    public let lower: Double
    public let upper: Double
    /// Draws on which the statistic was defined (the interval is taken over these).
    public let validDraws: Int
}

public struct BootstrapOptions: Sendable, Equatable {
    public var draws: Int
    public var seed: UInt64
    public var confidenceLevel: Double
    /// 1 runs every draw on the calling thread; more splits the draws into `workers × 8` chunks
    /// for `DispatchQueue.concurrentPerform` (at most one thread per core). The intervals do not
    /// depend on it.
    public var workers: Int

    public init(
        draws: Int = 1_000,
        seed: UInt64 = 0x6F70_696E_6521,
        confidenceLevel: Double = 0.95,
        workers: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.draws = draws
        self.seed = seed
        self.confidenceLevel = confidenceLevel
        self.workers = workers
    }
}

/// Bootstrap intervals over units: each draw resamples the rated units (≥ 1 rating) with
/// replacement, recomputes the statistics, and the interval is the (1 − level)/2 and
/// (1 + level)/2 percentiles of the defined draws (linear interpolation, numpy's default).
///
/// Determinism: draw d uses its own `Xoshiro256StarStar(seed: seed ^ SplitMix64.mix(d))`, so a
/// draw's resample does not depend on which thread runs it or how draws are chunked.
/// Cost: a draw only counts how often each distinct rating row is drawn (O(units)), then
/// evaluates the statistics on those counts (see `UnitProfiles`).
public struct BootstrapIntervals: Sendable {
    public let options: BootstrapOptions
    /// Units resampled in each draw.
    public let resampledUnits: Int
    public let intervals: [AgreementStatistic: ConfidenceInterval]

    public subscript(statistic: AgreementStatistic) -> ConfidenceInterval? { intervals[statistic] }

    /// Statistics that are undefined in every draw have no interval.
    public init(
        _ ratings: RatingMatrix,
        statistics: [AgreementStatistic],
        options: BootstrapOptions = BootstrapOptions()
    ) {
        precondition(options.draws >= 0 && options.workers >= 1)
        precondition(options.confidenceLevel > 0 && options.confidenceLevel < 1)
        self.options = options
        let profiles = UnitProfiles(ratings, unitMap: true)
        resampledUnits = profiles.ratedUnitProfiles.count
        let draws = options.draws
        guard resampledUnits > 0, draws > 0, !statistics.isEmpty else {
            intervals = [:]
            return
        }
        let values = Self.drawValues(profiles, ratings: ratings, statistics: statistics, options: options)
        var intervals: [AgreementStatistic: ConfidenceInterval] = [:]
        for (index, statistic) in statistics.enumerated() {
            let defined = (0..<draws).map { values[$0 * statistics.count + index] }.filter { !$0.isNaN }
            if let interval = Self.percentileInterval(defined, level: options.confidenceLevel) {
                intervals[statistic] = interval
            }
        }
        self.intervals = intervals
    }

    /// Generator of draw `draw`.
    static func generator(seed: UInt64, draw: Int) -> Xoshiro256StarStar {
        Xoshiro256StarStar(seed: seed ^ SplitMix64.mix(UInt64(draw)))
    }

    /// Indices (into the rated units, in unit order) picked by draw `draw`.
    static func resample(seed: UInt64, draw: Int, count: Int) -> [Int] {
        var generator = generator(seed: seed, draw: draw)
        return (0..<count).map { _ in Int(generator.next(below: UInt64(count))) }
    }

    static let chunksPerWorker = 8

    /// draws × statistics values, NaN where undefined.
    private static func drawValues(
        _ profiles: UnitProfiles, ratings: RatingMatrix, statistics: [AgreementStatistic],
        options: BootstrapOptions
    ) -> [Double] {
        let draws = options.draws
        let width = statistics.count
        let pairs = statistics.contains { $0.needsPairs }
        // Several chunks per worker so a thread that is descheduled on a shared machine does not
        // hold up the rest; one worker runs inline.
        let chunks = options.workers == 1 ? 1 : min(draws, options.workers * chunksPerWorker)
        let units = profiles.ratedUnitProfiles.count
        var values = [Double](repeating: .nan, count: draws * width)
        let narrow: [UInt8]? = profiles.profileCount <= 256 ? profiles.ratedUnitProfiles.map { UInt8(truncatingIfNeeded: $0) } : nil
        values.withUnsafeMutableBufferPointer { buffer in
            let output = SharedOutput(buffer: buffer)
            let work: @Sendable (Int) -> Void = { chunk in
                let count = profiles.profileCount
                var weights = [Int32](repeating: 0, count: count)
                var counters = [Int32](repeating: 0, count: Self.interleaved * count)
                let end = draws * (chunk + 1) / chunks
                var first = draws * chunk / chunks
                while first < end {
                    let group = min(Self.interleaved, end - first)
                    counters.withUnsafeMutableBufferPointer { counters in
                        counters.update(repeating: 0)
                        func countDraws<Code: BinaryInteger>(_ unitProfiles: UnsafeBufferPointer<Code>) {
                            if group == Self.interleaved {
                                Self.countFour(first: first, seed: options.seed, units: units, profiles: unitProfiles, counters: counters, stride: count)
                            } else {
                                for offset in 0..<group {
                                    Self.countOne(draw: first + offset, seed: options.seed, units: units, profiles: unitProfiles,
                                                  counters: UnsafeMutableBufferPointer(rebasing: counters[(offset * count)...]))
                                }
                            }
                        }
                        // One byte a unit when the profiles allow, so the map stays in cache.
                        if let narrow { narrow.withUnsafeBufferPointer(countDraws) } else { profiles.ratedUnitProfiles.withUnsafeBufferPointer(countDraws) }
                    }
                    for offset in 0..<group {
                        for k in 0..<count { weights[k] = counters[offset * count + k] }
                        let tally = weights.withUnsafeBufferPointer { Tally(profiles, weights: $0, pairs: pairs) }
                        for (index, statistic) in statistics.enumerated() {
                            let value = statistic.value(in: tally, values: ratings.categoryValues) ?? .nan
                            output.buffer[(first + offset) * width + index] = value
                        }
                    }
                    first += group
                }
            }
            if chunks == 1 {
                work(0)
            } else {
                DispatchQueue.concurrentPerform(iterations: chunks, execute: work)
            }
        }
        return values
    }

    /// Draws counted side by side: four generators advance in one loop, so the processor
    /// overlaps their arithmetic and each draw's counters are touched only every fourth pick.
    /// Every draw still takes its picks from its own generator in unit order: the resamples
    /// are the ones `resample(seed:draw:count:)` gives.
    static let interleaved = 4

    /// Counts of draws `first`…`first + 3` into `counters` (four sets of `stride`).
    @inline(__always)
    static func countFour<Code: BinaryInteger>(
        first: Int, seed: UInt64, units: Int, profiles: UnsafeBufferPointer<Code>,
        counters: UnsafeMutableBufferPointer<Int32>, stride: Int
    ) {
        var g0 = generator(seed: seed, draw: first), g1 = generator(seed: seed, draw: first + 1)
        var g2 = generator(seed: seed, draw: first + 2), g3 = generator(seed: seed, draw: first + 3)
        let bound = UInt64(units)
        let (c1, c2, c3) = (stride, 2 * stride, 3 * stride)
        for _ in 0..<units {
            let p0 = Int(g0.next(below: bound)), p1 = Int(g1.next(below: bound))
            let p2 = Int(g2.next(below: bound)), p3 = Int(g3.next(below: bound))
            counters[Int(profiles[p0])] &+= 1
            counters[c1 + Int(profiles[p1])] &+= 1
            counters[c2 + Int(profiles[p2])] &+= 1
            counters[c3 + Int(profiles[p3])] &+= 1
        }
    }

    /// Counts of one draw into `counters`.
    static func countOne<Code: BinaryInteger>(
        draw: Int, seed: UInt64, units: Int, profiles: UnsafeBufferPointer<Code>, counters: UnsafeMutableBufferPointer<Int32>
    ) {
        var generator = generator(seed: seed, draw: draw)
        for _ in 0..<units {
            counters[Int(profiles[Int(generator.next(below: UInt64(units)))])] &+= 1
        }
    }

    /// Percentile interval with numpy's default linear interpolation (Hyndman & Fan type 7).
    static func percentileInterval(_ values: [Double], level: Double) -> ConfidenceInterval? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let tail = (1 - level) / 2
        return ConfidenceInterval(
            lower: quantile(sorted, tail), upper: quantile(sorted, 1 - tail), validDraws: sorted.count)
    }

    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        let position = Double(sorted.count - 1) * p
        let below = Int(position.rounded(.down))
        let above = min(below + 1, sorted.count - 1)
        return sorted[below] + (position - Double(below)) * (sorted[above] - sorted[below])
    }
}

/// Lets the draw workers write their disjoint rows of one buffer.
private struct SharedOutput: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Double>
}
