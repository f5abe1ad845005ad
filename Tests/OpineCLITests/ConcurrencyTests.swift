import Digest
import Foundation
import TestSupport
import Testing

@Suite(.serialized) struct ConcurrencyTests {
    @Test("8 processes labelling one project at once: 1,000 labels, each stored once, overlap held")
    func eightWriters() throws {
        // Given 500 items, overlap 2: room for exactly 1,000 labels.
        let annotators = (1...8).map { "w\($0)" }
        let project = try TemporaryProject(annotators: annotators, overlap: 2)
        try project.seed(items: 500)

        // When each of 8 processes tries every item, in its own order, as fast as it can.
        let acknowledged = ConcurrentCollector()
        let errors = ConcurrentCollector()
        DispatchQueue.concurrentPerform(iterations: annotators.count) { worker in
            let annotator = annotators[worker]
            var generator = SplitMix64(seed: UInt64(worker + 1))
            let order = (1...500).map { "i\($0)" }.shuffled(using: &generator)
            let labels = ["negative", "neutral", "positive"]
            let input = order.map { "\($0)\t\(labels[Int(generator.next() % 3)])" }.joined(separator: "\n") + "\n"
            do {
                let result = try project.run(["label", "--stdin", "--annotator", annotator, "--json"], stdin: input)
                for line in result.stdout.split(separator: "\n") { acknowledged.append(String(line)) }
                // Refusals are expected (the item filled up); anything else is a failure.
                for line in result.stderr.split(separator: "\n") where !line.contains("already has 2 annotators") {
                    errors.append(String(line))
                }
            } catch {
                errors.append("\(annotator): \(error)")
            }
        }

        // Then
        #expect(errors.values.isEmpty, "\(errors.values.prefix(5))")
        let acks = try acknowledged.values.map { line -> (item: String, annotator: String, label: String) in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return (try #require(object["item"] as? String), try #require(object["annotator"] as? String), try #require(object["label"] as? String))
        }
        #expect(acks.count == 1000)
        let stored = try project.labels()
        #expect(stored.values.reduce(0) { $0 + $1.count } == 1000)
        #expect(stored.values.allSatisfy { $0.count == 2 }, "an item holds other than 2 labels")
        for ack in acks {
            #expect(stored[ack.item]?[ack.annotator] == ack.label, "acknowledged label missing: \(ack)")
        }
    }
}

/// Collects strings from several threads.
final class ConcurrentCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []

    func append(_ value: String) { lock.withLock { storage.append(value) } }
    var values: [String] { lock.withLock { storage } }
}
