/// How a coder's labels are grouped into time buckets.
public enum TrendBucketing: Sendable, Equatable {
    /// Consecutive runs of this many labels in time order ("every hundred labels").
    case everyLabels(Int)
    /// Fixed-width windows of the time value: floor(time / width). With times in seconds
    /// (shifted to local midnight by the caller), 86,400 gives days.
    case timeWidth(Int64)
}

/// One point of a coder's agreement trend.
public struct TrendPoint: Sendable, Equatable {
    /// Bucket number: the run index for `.everyLabels`, floor(time / width) for `.timeWidth`.
    public let bucket: Int64
    /// Earliest and latest time in the bucket.
    public let firstTime: Int64
    public let lastTime: Int64
    public let labels: Int
    /// Share of (this coder, other coder) pairs on these units that agree; `nil` when no other
    /// coder rated any of them.
    public let agreementWithOthers: Double?
    public let comparedPairs: Int
    /// This coder's labels per category in the bucket.
    public let categoryCounts: [Int]
}

/// A coder's agreement with the others over time.
public enum AnnotatorTrend {
    /// - Parameters:
    ///   - ratings: the current labels of all coders (the comparison is against those).
    ///   - coder: the coder to follow.
    ///   - timeline: when `coder` labelled each unit (any monotone clock: seconds, sequence
    ///     numbers). Sorted by time here; ties keep their order.
    /// - Returns: the non-empty buckets in time order.
    public static func points(
        _ ratings: RatingMatrix,
        coder: Int,
        timeline: [(unit: Int, time: Int64)],
        bucketing: TrendBucketing
    ) throws(AgreementError) -> [TrendPoint] {
        guard (0..<ratings.coderCount).contains(coder) else {
            throw .coderOutOfRange(coder: coder, coderCount: ratings.coderCount)
        }
        switch bucketing {
        case .everyLabels(let size) where size < 1:
            throw .invalidBucketing(reason: "a bucket needs at least one label, got \(size)")
        case .timeWidth(let width) where width < 1:
            throw .invalidBucketing(reason: "a time width must be positive, got \(width)")
        default:
            break
        }
        for entry in timeline {
            guard (0..<ratings.unitCount).contains(entry.unit) else {
                throw .unitOutOfRange(unit: entry.unit, unitCount: ratings.unitCount)
            }
            guard ratings[entry.unit, coder] != nil else {
                throw .unratedUnit(unit: entry.unit, coder: coder)
            }
        }
        let ordered = timeline.enumerated()
            .sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
            .map(\.element)

        var points: [TrendPoint] = []
        var start = 0
        while start < ordered.count {
            let bucket = bucketNumber(of: start, time: ordered[start].time, bucketing)
            var end = start + 1
            while end < ordered.count, bucketNumber(of: end, time: ordered[end].time, bucketing) == bucket {
                end += 1
            }
            points.append(point(ratings, coder: coder, entries: ordered[start..<end], bucket: bucket))
            start = end
        }
        return points
    }

    private static func bucketNumber(of position: Int, time: Int64, _ bucketing: TrendBucketing) -> Int64 {
        switch bucketing {
        case .everyLabels(let size):
            Int64(position / size)
        case .timeWidth(let width):
            // Floor division, so times before the epoch fall in the right window.
            time >= 0 ? time / width : -((-time + width - 1) / width)
        }
    }

    private static func point(
        _ ratings: RatingMatrix, coder: Int, entries: ArraySlice<(unit: Int, time: Int64)>, bucket: Int64
    ) -> TrendPoint {
        var agreeing = 0
        var compared = 0
        var counts = [Int](repeating: 0, count: ratings.categoryCount)
        for entry in entries {
            guard let mine = ratings[entry.unit, coder] else { continue }
            counts[mine] += 1
            for other in 0..<ratings.coderCount where other != coder {
                guard let theirs = ratings[entry.unit, other] else { continue }
                compared += 1
                if theirs == mine { agreeing += 1 }
            }
        }
        let times = entries.map(\.time)
        return TrendPoint(
            bucket: bucket, firstTime: times.min() ?? 0, lastTime: times.max() ?? 0,
            labels: entries.count,
            agreementWithOthers: compared > 0 ? Double(agreeing) / Double(compared) : nil,
            comparedPairs: compared, categoryCounts: counts)
    }
}
