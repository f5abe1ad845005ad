import Testing

@testable import AnnotationStore

@Suite struct LatestLabelsTests {
    /// A log row: item row id, annotator, label, sequence.
    typealias Row = (item: Int64, annotator: Int32, label: String, sequence: Int64)

    static func table(_ rows: [Row], labelsInOrder names: [String], annotators: Int = 3) -> LabelTable {
        var latest = LatestLabels(annotatorCount: annotators)
        func code(_ name: String) -> Int32 { Array(name.utf8).withUnsafeBytes { latest.code(of: $0) } }
        // Codes are handed out in this order, whatever order the log uses them in.
        for name in names { _ = code(name) }
        for row in rows {
            latest.add(item: row.item, annotator: row.annotator, label: code(row.label), sequence: row.sequence, time: 1_000 + row.sequence)
        }
        return latest.table(annotators: (0..<annotators).map { "a\($0)" })
    }

    static func log(itemStep: Int64) -> [Row] {
        var rows: [Row] = []
        var sequence: Int64 = 0
        for item in 1...40 {
            for annotator in 0..<3 where (item + annotator) % 4 != 0 {
                sequence += 1
                rows.append((Int64(item) * itemStep, Int32(annotator), ["neutral", "positive", "negative"][(item * annotator) % 3], sequence))
            }
        }
        // Relabels: later sequences win whatever order the rows come in.
        for item in [5, 17, 40] {
            sequence += 1
            rows.append((Int64(item) * itemStep, 1, "negative", sequence))
        }
        return rows
    }

    @Test("the latest label per item and annotator, items by row id, labels by first use, whatever the row order", arguments: [1, 1 << 40])
    func orderIndependent(itemStep: Int64) throws {
        let rows = Self.log(itemStep: itemStep)
        let inOrder = Self.table(rows, labelsInOrder: ["negative", "neutral", "positive"])
        var generator = SystemRandomNumberGenerator()
        let shuffled = Self.table(rows.shuffled(using: &generator), labelsInOrder: ["positive", "negative", "neutral"])
        #expect(shuffled == inOrder)
        // A label seen only in rows left out (a retracted label) is not listed.
        #expect(Self.table(rows, labelsInOrder: ["mixed", "negative", "neutral", "positive"]) == inOrder)

        #expect(inOrder.labels == ["neutral", "positive", "negative"])
        #expect(inOrder.itemRowIds == (1...40).map { Int64($0) * itemStep })
        #expect(inOrder.entries.count == rows.count - 3)
        #expect(inOrder.entries == inOrder.entries.sorted { ($0.item, $0.annotator) < ($1.item, $1.annotator) })
        for item in [5, 17, 40] {
            let entry = try #require(inOrder.entries.first { inOrder.itemRowIds[Int($0.item)] == Int64(item) * itemStep && $0.annotator == 1 })
            #expect(inOrder.labels[Int(entry.label)] == "negative")
            #expect(entry.time == 1_000 + entry.sequence)
        }
    }

    @Test("an empty log gives an empty table")
    func empty() {
        let table = Self.table([], labelsInOrder: [])
        #expect(table.itemRowIds.isEmpty && table.entries.isEmpty && table.labels.isEmpty)
    }
}
