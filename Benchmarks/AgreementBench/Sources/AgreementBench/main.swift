import Agreement
import Foundation

// 1,000,000 label slots: 200,000 items × 5 annotators, 3 ordinal labels, 20 % missing.
let units = 200_000
let coders = 5
let categories = 3
let missing = 0.2
let repetitions = 30

func syntheticTriples() -> [RatingMatrix.Rating] {
    var generator = Xoshiro256StarStar(seed: 2_024)
    var ratings: [RatingMatrix.Rating] = []
    ratings.reserveCapacity(units * coders)
    for unit in 0..<units {
        let truth = Int(generator.next(below: UInt64(categories)))
        for coder in 0..<coders where Double.random(in: 0..<1, using: &generator) >= missing {
            let right = Double.random(in: 0..<1, using: &generator) < 0.7
            let category = right ? truth : Int(generator.next(below: UInt64(categories)))
            ratings.append(RatingMatrix.Rating(unit: unit, coder: coder, category: category))
        }
    }
    return ratings
}

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) * 1e-15
}

/// Process CPU time (user + system) in ms, to see whether both cores were used.
func cpuMilliseconds() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    let user = Double(usage.ru_utime.tv_sec) * 1e3 + Double(usage.ru_utime.tv_usec) * 1e-3
    let system = Double(usage.ru_stime.tv_sec) * 1e3 + Double(usage.ru_stime.tv_usec) * 1e-3
    return user + system
}

func format(_ value: Double?) -> String { value.map { String(format: "%.12f", $0) } ?? "nil" }

let clock = ContinuousClock()
let triples = syntheticTriples()
var matrix: RatingMatrix?
let build = try clock.measure {
    matrix = try RatingMatrix(
        unitCount: units, coderCount: coders, categoryCount: categories, level: .ordinal, ratings: triples)
}
guard let ratings = matrix else { fatalError("no matrix") }
print("data: \(units) items × \(coders) annotators, \(categories) labels, \(ratings.ratingCount) labels present")
print(String(format: "RatingMatrix from %d triples: %.1f ms", triples.count, milliseconds(build)))

if let index = CommandLine.arguments.firstIndex(of: "--dump"), index + 1 < CommandLine.arguments.count {
    // Raw units × coders bytes, 255 = missing, for the Python reference timing.
    var bytes = [UInt8](repeating: 255, count: units * coders)
    for unit in 0..<units {
        for coder in 0..<coders {
            if let category = ratings[unit, coder] { bytes[unit * coders + coder] = UInt8(category) }
        }
    }
    try Data(bytes).write(to: URL(fileURLWithPath: CommandLine.arguments[index + 1]))
}

// All coefficients, no bootstrap: percent agreement, Fleiss, AC1, α × 3, 10 pairwise κ × 3
// weightings, per-category and per-annotator breakdowns with χ² tests.
var timings: [Double] = []
var statistics: AgreementStatistics?
for _ in 0..<repetitions {
    timings.append(milliseconds(clock.measure { statistics = AgreementStatistics(ratings) }))
}
timings.sort()
guard let result = statistics else { fatalError("no statistics") }
print(String(format: "all coefficients: min %.2f ms, median %.2f ms, max %.2f ms over %d runs",
             timings[0], timings[timings.count / 2], timings[timings.count - 1], repetitions))
print("percent agreement \(format(result.percentAgreement)), Fleiss κ \(format(result.fleissKappa)), AC1 \(format(result.gwetAC1))")
for level in LevelOfMeasurement.allCases {
    print("alpha \(level.rawValue) \(format(result.krippendorffAlpha[level]))")
}
print("kappa 0-1 \(format(result.pair(0, 1)?.kappa))")

let statisticsToBootstrap = AgreementStatistic.coefficients(for: ratings)
    + result.pairs.map { AgreementStatistic.cohenKappa(coderA: $0.coderA, coderB: $0.coderB, weighting: .unweighted) }
for workers in [1, 2] {
    var intervals: BootstrapIntervals?
    let cpuBefore = cpuMilliseconds()
    let elapsed = clock.measure {
        intervals = BootstrapIntervals(ratings, statistics: statisticsToBootstrap, options: BootstrapOptions(workers: workers))
    }
    let cpu = cpuMilliseconds() - cpuBefore
    print(String(format: "bootstrap 1,000 draws, %d statistics, %d worker(s): %.0f ms wall, %.0f ms CPU",
                 statisticsToBootstrap.count, workers, milliseconds(elapsed), cpu))
    if workers == 2, let intervals, let alpha = intervals[.krippendorffAlpha(.nominal)] {
        print("alpha nominal 95% interval [\(format(alpha.lower)), \(format(alpha.upper))]")
    }
}
