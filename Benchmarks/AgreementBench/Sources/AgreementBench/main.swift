import Agreement
import Digest
import Foundation

// 1,000,000 label slots: 200,000 items × 5 annotators, 3 ordinal labels, 20 % missing.
// With `--ratings FILE` the labels come from Benchmarks/agreement/make_labels.py's ratings.csv
// (item,annotator,label with label codes 0..2) instead, so the Python reference and the
// `opine agreement` command see the same data; `--json FILE` writes the coefficients there.
let units = 200_000
let coders = 5
let categories = 3
let missing = 0.2
let repetitions = 30

func option(_ name: String) -> String? {
    guard let index = CommandLine.arguments.firstIndex(of: name), index + 1 < CommandLine.arguments.count else { return nil }
    return CommandLine.arguments[index + 1]
}

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

/// ratings.csv: a header, then `item,annotator,label` with integer items, annotators `a1…a5`
/// (coder = number − 1) and label codes; lines end in CRLF (Python's csv) or LF. Returns the
/// triples and the unit count.
func csvTriples(_ path: String) throws -> (ratings: [RatingMatrix.Rating], units: Int) {
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    var ratings: [RatingMatrix.Rating] = []
    ratings.reserveCapacity(units * coders)
    var largest = -1
    var fields = [0, 0, 0]
    var field = 0
    var digits = 0
    var line = 1
    var index = bytes.firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? bytes.count  // skip the header
    func bad() -> Error {
        CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "\(path):\(line + 1): expected item,aN,label"])
    }
    while index < bytes.count {
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            fields[field] = fields[field] * 10 + Int(byte - UInt8(ascii: "0"))
            digits += 1
        case UInt8(ascii: "a") where field == 1 && digits == 0:
            continue
        case UInt8(ascii: ","):
            guard field < 2, digits > 0 else { throw bad() }
            field += 1
            digits = 0
        case UInt8(ascii: "\r"):
            continue
        case UInt8(ascii: "\n"):
            guard field == 2, digits > 0 else { throw bad() }
            ratings.append(RatingMatrix.Rating(unit: fields[0], coder: fields[1] - 1, category: fields[2]))
            largest = max(largest, fields[0])
            fields = [0, 0, 0]
            field = 0
            digits = 0
            line += 1
        default:
            throw bad()
        }
    }
    guard field == 0, digits == 0 else { throw bad() }  // the last line ends with a newline
    return (ratings, largest + 1)
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
var triples: [RatingMatrix.Rating] = []
var unitCount = units
if let path = option("--ratings") {
    let load = try clock.measure { (triples, unitCount) = try csvTriples(path) }
    print(String(format: "read %@: %.1f ms", path, milliseconds(load)))
} else {
    triples = syntheticTriples()
}
var matrix: RatingMatrix?
// Interval level: every α metric (nominal, ordinal, interval) is computed either way.
let build = try clock.measure {
    matrix = try RatingMatrix(
        unitCount: unitCount, coderCount: coders, categoryCount: categories, level: .interval, ratings: triples)
}
guard let ratings = matrix else { fatalError("no matrix") }
print("data: \(ratings.unitCount) items × \(coders) annotators, \(categories) labels, \(ratings.ratingCount) labels present")
print(String(format: "RatingMatrix from %d triples: %.1f ms", triples.count, milliseconds(build)))

if let index = CommandLine.arguments.firstIndex(of: "--dump"), index + 1 < CommandLine.arguments.count {
    // Raw units × coders bytes, 255 = missing, for the Python reference timing.
    var bytes = [UInt8](repeating: 255, count: ratings.unitCount * coders)
    for unit in 0..<ratings.unitCount {
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

// Fleiss' κ on the items every annotator labelled (what statsmodels' fleiss_kappa accepts).
let complete = (0..<ratings.unitCount).filter { unit in (0..<coders).allSatisfy { ratings[unit, $0] != nil } }
let completeFleiss = try AgreementStatistics(ratings.restricted(toUnits: complete)).fleissKappa
print("Fleiss κ on the \(complete.count) complete items \(format(completeFleiss))")
if let path = option("--json") {
    var values: [String: Double] = [:]
    values["percent_agreement"] = result.percentAgreement
    values["fleiss_kappa"] = result.fleissKappa
    values["fleiss_kappa_complete_items"] = completeFleiss
    values["gwet_ac1"] = result.gwetAC1
    for (level, alpha) in result.krippendorffAlpha { values["krippendorff_alpha_\(level.rawValue)"] = alpha }
    for pair in result.pairs {
        values["cohen_kappa_a\(pair.coderA + 1)_a\(pair.coderB + 1)"] = pair.kappa
    }
    let data = try JSONSerialization.data(withJSONObject: values, options: [.sortedKeys])
    try data.write(to: URL(fileURLWithPath: path))
}

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
