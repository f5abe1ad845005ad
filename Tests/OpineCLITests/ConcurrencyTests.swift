import AnnotationStore
import Digest
import Foundation
import TestSupport
import Testing

@Suite(.serialized) struct ConcurrencyTests {
    @Test("8 processes labelling one project at once: 1,000 labels, each stored once, overlap held")
    func eightWriters() throws {
        try Self.race(writers: 8, items: 500, database: [])
    }

    @Test("16 processes labelling one project on a PostgreSQL server at once: 1,000 labels, each stored once, overlap held")
    func sixteenWritersOnServer() throws {
        guard let server = try ServerStoreCommandTests.server else { return }
        try Self.race(writers: 16, items: 500, database: ["--database", try ServerStoreCommandTests.freshDatabase(server)])
    }

    /// `writers` processes each try every one of `items` items, in their own order, as fast as
    /// they can, with overlap 2: exactly 2 × `items` labels must be acknowledged and stored, and
    /// nothing but "full" refusals may reach the user.
    static func race(writers: Int, items: Int, database: [String]) throws {
        let annotators = (1...writers).map { "w\($0)" }
        let project = try TemporaryProject(annotators: annotators, overlap: 2)
        let rows = (1...items).map { "i\($0),text number \($0)" }.joined(separator: "\n")
        try project.write("seed.csv", "id,text\n" + rows + "\n")
        try #require(try project.run(["import", project.directory.appendingPathComponent("seed.csv").path] + database).status == 0)

        let acknowledged = ConcurrentCollector()
        let errors = ConcurrentCollector()
        DispatchQueue.concurrentPerform(iterations: annotators.count) { worker in
            let annotator = annotators[worker]
            var generator = SplitMix64(seed: UInt64(worker + 1))
            let order = (1...items).map { "i\($0)" }.shuffled(using: &generator)
            let labels = ["negative", "neutral", "positive"]
            let input = order.map { "\($0)\t\(labels[Int(generator.next() % 3)])" }.joined(separator: "\n") + "\n"
            do {
                let result = try project.run(["label", "--stdin", "--annotator", annotator, "--json"] + database, stdin: input)
                for line in result.stdout.split(separator: "\n") { acknowledged.append(String(line)) }
                // Refusals are expected (the item filled up); anything else is a failure.
                for line in result.stderr.split(separator: "\n") where !line.contains("already has 2 annotators") {
                    errors.append(String(line))
                }
            } catch {
                errors.append("\(annotator): \(error)")
            }
        }

        #expect(errors.values.isEmpty, "\(errors.values.prefix(5))")
        let acks = try acknowledged.values.map { line -> (item: String, annotator: String, label: String) in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return (try #require(object["item"] as? String), try #require(object["annotator"] as? String), try #require(object["label"] as? String))
        }
        #expect(acks.count == 2 * items)
        let stored = try project.labels(database: database)
        #expect(stored.values.reduce(0) { $0 + $1.count } == 2 * items)
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
