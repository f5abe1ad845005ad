import Digest
import TestSupport
import Testing

@testable import Agreement

@Suite struct BootstrapTests {
    static let statistics: [String: AgreementStatistic] = [
        "percentAgreement": .percentAgreement,
        "fleissKappa": .fleissKappa,
        "gwetAC1": .gwetAC1,
        "alpha.nominal": .krippendorffAlpha(.nominal),
        "alpha.ordinal": .krippendorffAlpha(.ordinal),
        "alpha.interval": .krippendorffAlpha(.interval),
        "cohen.0.1.unweighted": .cohenKappa(coderA: 0, coderB: 1, weighting: .unweighted),
        "cohen.0.1.quadratic": .cohenKappa(coderA: 0, coderB: 1, weighting: .quadratic),
    ]

    @Test("the generators reproduce SplitMix64 and xoshiro256** as replayed in Python")
    func generators() throws {
        let fixture = try Fixture.load("bootstrap", as: Fixture.Bootstrap.self)
        var splitMix = SplitMix64(seed: fixture.seed)
        var xoshiro = Xoshiro256StarStar(seed: fixture.seed)
        #expect(fixture.splitMixFirstOutputs.compactMap { UInt64($0, radix: 16) } == (0..<3).map { _ in splitMix.next() })
        #expect(fixture.xoshiroFirstOutputs.compactMap { UInt64($0, radix: 16) } == (0..<3).map { _ in xoshiro.next() })
    }

    @Test("draw 0 resamples the same units as the Python replay")
    func firstDraw() throws {
        let fixture = try Fixture.load("bootstrap", as: Fixture.Bootstrap.self)
        let ratings = try RatingMatrix(rows: fixture.rows, categoryCount: fixture.categoryCount)
        let rated = (0..<ratings.unitCount).filter { unit in (0..<ratings.coderCount).contains { ratings[unit, $0] != nil } }
        let picks = BootstrapIntervals.resample(seed: fixture.seed, draw: 0, count: rated.count).map { rated[$0] }
        #expect(picks == fixture.firstDrawUnits)
    }

    @Test("percentile intervals equal irrCAC, krippendorff and scikit-learn run on the same resamples")
    func matchesReferenceReplay() throws {
        // Given
        let fixture = try Fixture.load("bootstrap", as: Fixture.Bootstrap.self)
        let ratings = try RatingMatrix(rows: fixture.rows, categoryCount: fixture.categoryCount, level: .interval)
        let names = Self.statistics.keys.sorted()

        // When
        let intervals = BootstrapIntervals(
            ratings, statistics: names.compactMap { Self.statistics[$0] },
            options: BootstrapOptions(draws: fixture.draws, seed: fixture.seed, confidenceLevel: fixture.confidenceLevel))

        // Then
        #expect(intervals.resampledUnits == fixture.rows.filter { $0.contains { $0 != nil } }.count)
        for name in names {
            let statistic = try #require(Self.statistics[name])
            let reference = try #require(fixture.intervals[name] ?? nil, "no reference interval for \(name)")
            let interval = try #require(intervals[statistic], "no interval for \(name)")
            expectClose(interval.lower, reference.lower, "\(name) lower")
            expectClose(interval.upper, reference.upper, "\(name) upper")
            #expect(interval.validDraws == reference.validDraws, "\(name) valid draws")
        }
    }

    @Test("results do not depend on the number of worker threads", arguments: [1, 3, 8])
    func independentOfWorkers(workers: Int) throws {
        let ratings = try SyntheticRatings.make(units: 300, coders: 4, categories: 3, seed: 5)
        let statistics = AgreementStatistic.coefficients(for: ratings) + [.cohenKappa(coderA: 1, coderB: 2, weighting: .linear)]
        let reference = BootstrapIntervals(ratings, statistics: statistics, options: BootstrapOptions(draws: 64, seed: 9, workers: 2))
        let other = BootstrapIntervals(ratings, statistics: statistics, options: BootstrapOptions(draws: 64, seed: 9, workers: workers))
        #expect(reference.intervals == other.intervals)
        #expect(reference.intervals.count == statistics.count)
    }

    @Test("a different seed gives a different interval, and intervals bracket the estimate")
    func seedsAndCoverage() throws {
        let ratings = try SyntheticRatings.make(units: 2_000, coders: 5, categories: 3, seed: 11)
        let estimate = try #require(AgreementStatistics(ratings).krippendorffAlpha[.nominal])
        let statistic = AgreementStatistic.krippendorffAlpha(.nominal)
        let first = try #require(BootstrapIntervals(ratings, statistics: [statistic], options: BootstrapOptions(draws: 200, seed: 1))[statistic])
        let second = try #require(BootstrapIntervals(ratings, statistics: [statistic], options: BootstrapOptions(draws: 200, seed: 2))[statistic])
        #expect(first != second)
        #expect(first.lower < estimate && estimate < first.upper)
        #expect(first.upper - first.lower < 0.1)
        #expect(first.validDraws == 200)
    }

    @Test("the per-unit path gives the same intervals as grouped rows")
    func perUnitPath() throws {
        // 12 coders × 3 categories: 4^12 rows do not fit the table, so every unit is a profile.
        let ratings = try SyntheticRatings.make(units: 150, coders: 12, categories: 3, seed: 3, missing: 0.6)
        #expect(UnitProfiles(ratings, unitMap: true).profileCount == ratings.unitCount)
        let statistics = AgreementStatistic.coefficients(for: ratings)
        let intervals = BootstrapIntervals(ratings, statistics: statistics, options: BootstrapOptions(draws: 50, seed: 4))
        // Recompute draw 7 by hand from the resampled units.
        let rated = (0..<ratings.unitCount).filter { unit in (0..<ratings.coderCount).contains { ratings[unit, $0] != nil } }
        let picks = BootstrapIntervals.resample(seed: 4, draw: 7, count: rated.count).map { rated[$0] }
        let resampled = AgreementStatistics(try ratings.restricted(toUnits: picks))
        let drawSeven = BootstrapIntervalsProbe.value(ratings, statistic: .fleissKappa, seed: 4, draw: 7)
        expectClose(drawSeven, resampled.fleissKappa, tolerance: 1e-12, "draw 7 Fleiss κ")
        #expect(intervals.intervals.count == statistics.count)
    }

    @Test("no rated unit or zero draws give no interval")
    func empty() throws {
        let ratings = try RatingMatrix(rows: [[nil, nil], [nil, nil]], categoryCount: 2)
        #expect(BootstrapIntervals(ratings, statistics: [.percentAgreement]).intervals.isEmpty)
        let rated = try RatingMatrix(rows: [[0, 0], [1, 1]], categoryCount: 2)
        #expect(BootstrapIntervals(rated, statistics: [.percentAgreement], options: BootstrapOptions(draws: 0)).intervals.isEmpty)
    }

    @Test("percentiles interpolate linearly like numpy")
    func percentiles() throws {
        let interval = try #require(BootstrapIntervals.percentileInterval([4, 1, 3, 2, 5], level: 0.5))
        #expect(interval.lower == 2 && interval.upper == 4)
        let tight = try #require(BootstrapIntervals.percentileInterval([0, 10], level: 0.9))
        #expect(abs(tight.lower - 0.5) < 1e-12 && abs(tight.upper - 9.5) < 1e-12)
    }
}

/// One bootstrap draw's statistic. SplitMix64.mix(0) == 0, so draw 0 under seed
/// `seed ^ mix(d)` is draw d under `seed`; with a single draw the interval is that value.
enum BootstrapIntervalsProbe {
    static func value(_ ratings: RatingMatrix, statistic: AgreementStatistic, seed: UInt64, draw: Int) -> Double? {
        let intervals = BootstrapIntervals(
            ratings, statistics: [statistic],
            options: BootstrapOptions(draws: 1, seed: seed ^ SplitMix64.mix(UInt64(draw))))
        guard let interval = intervals[statistic], interval.lower == interval.upper else { return nil }
        return interval.lower
    }
}
