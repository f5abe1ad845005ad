import Testing

@testable import Agreement

@Suite struct AnnotatorTrendTests {
    /// Coder 0 rates units 0…5; coder 1 agrees on units 0–2 and disagrees on 3–5; coder 2 only
    /// rates unit 5 (agreeing with coder 0).
    func ratings() throws -> RatingMatrix {
        try RatingMatrix(
            rows: [[0, 0, nil], [1, 1, nil], [0, 0, nil], [1, 0, nil], [0, 1, nil], [1, 0, 1]],
            categoryCount: 2)
    }

    @Test("every-N-labels buckets follow time order, not input order")
    func everyLabels() throws {
        // Given the timeline out of order
        let timeline: [(unit: Int, time: Int64)] = [(5, 60), (0, 10), (3, 40), (1, 20), (4, 50), (2, 30)]

        // When
        let points = try AnnotatorTrend.points(try ratings(), coder: 0, timeline: timeline, bucketing: .everyLabels(3))

        // Then
        #expect(points.count == 2)
        #expect(points[0].bucket == 0 && points[0].labels == 3 && points[0].firstTime == 10 && points[0].lastTime == 30)
        #expect(points[0].agreementWithOthers == 1 && points[0].comparedPairs == 3)
        #expect(points[0].categoryCounts == [2, 1])
        #expect(points[1].comparedPairs == 4)
        #expect(points[1].agreementWithOthers == 0.25)
    }

    @Test("time-width buckets skip empty windows and floor negative times")
    func timeWidth() throws {
        let timeline: [(unit: Int, time: Int64)] = [(0, -5), (1, 3), (2, 9), (3, 250), (4, 259), (5, 260)]
        let points = try AnnotatorTrend.points(try ratings(), coder: 0, timeline: timeline, bucketing: .timeWidth(10))
        #expect(points.map(\.bucket) == [-1, 0, 25, 26])
        #expect(points.map(\.labels) == [1, 2, 2, 1])
        #expect(points[2].agreementWithOthers == 0)
        #expect(points[3].agreementWithOthers == 0.5)
    }

    @Test("a timeline entry the coder did not rate, or a bad bucket size, is rejected")
    func rejection() throws {
        let matrix = try ratings()
        #expect(throws: AgreementError.unratedUnit(unit: 0, coder: 2)) {
            try AnnotatorTrend.points(matrix, coder: 2, timeline: [(0, 1)], bucketing: .everyLabels(10))
        }
        #expect(throws: AgreementError.self) {
            try AnnotatorTrend.points(matrix, coder: 0, timeline: [(0, 1)], bucketing: .everyLabels(0))
        }
        #expect(throws: AgreementError.coderOutOfRange(coder: 3, coderCount: 3)) {
            try AnnotatorTrend.points(matrix, coder: 3, timeline: [], bucketing: .timeWidth(1))
        }
    }
}
