import AnnotationStore
import Foundation
import Lexicons
import Testing
import Workflow
@testable import ModelLoop

@Suite struct QueueOrderTests {
    let predictions = ModelPredictions(run: 7, labels: ["negative", "neutral", "positive"], byRow: [
        1: [0.90, 0.05, 0.05],  // sure: negative
        2: [0.40, 0.35, 0.25],  // unsure (margin 0.05)
        3: [0.10, 0.30, 0.60],  // fairly sure: positive
        4: [0.34, 0.33, 0.33],  // most unsure (margin 0.01)
    ])

    /// Item texts: the lexicon reads 1 and 3 as positive and 2 as negative; 4 has no hint.
    let texts: [Int64: String] = [1: "I love it, wonderful", 2: "terrible, awful service", 3: "great, really good", 4: "the box arrived on tuesday"]

    func rank(_ strategy: QueueStrategy, order: [Int64] = [1, 2, 3, 4, 5]) throws -> [(Int64, QueueReason)] {
        var queue = AnnotationQueue(snapshot: QueueSnapshot(order: order), strategy: strategy, overlap: 1)
        let analyzer = Analyzer(library: try LexiconLibrary.load(from: shippedLexicons))
        queue.rank(predictions.ranking(queue.pending, strategy: strategy, analyzer: analyzer) { texts[$0].map { ($0, "en") } })
        var order: [(Int64, QueueReason)] = []
        while let (item, reason) = queue.next() {
            order.append((item, reason))
            queue.labelled(item)
        }
        return order
    }

    @Test("random keeps the annotator's seeded order and ignores the model")
    func random() throws {
        #expect(try rank(.random).map(\.0) == [1, 2, 3, 4, 5])
        #expect(try rank(.random).allSatisfy { $0.1 == .randomOrder })
    }

    @Test("uncertain offers the smallest top-two margin first; an item without a prediction comes last")
    func uncertain() throws {
        let order = try rank(.uncertain)
        #expect(order.map(\.0) == [4, 2, 3, 1, 5])
        #expect(order[0].1.description == "the model is unsure (margin 0.01)")
        #expect(order[4].1 == .notEmbedded)
        #expect(!order.contains { $0.1.revealsPrediction })
    }

    @Test("conflict offers items where the lexicon and the model disagree first, and its reason reveals the prediction")
    func conflict() throws {
        let order = try rank(.conflict)
        // 1: lexicon positive, model negative; 2: lexicon negative, model negative (agree);
        // 3: agree; 4: no hint.
        #expect(order.map(\.0) == [1, 2, 3, 4, 5])
        #expect(order[0].1 == .model(margin: nil, conflict: .init(lexicon: "positive", model: "negative")))
        #expect(order[0].1.revealsPrediction)
        #expect(order[0].1.description == "lexicon says positive, model says negative")
        #expect(order[1].1 == .randomOrder)
    }

    @Test("blend adds uncertainty and conflict")
    func blend() throws {
        let order = try rank(.blend)
        // 1: (1 - 0.85) + |compound| + 0.9 > 1; then 4 (0.99), 2 (0.95), 3 (0.7).
        #expect(order.map(\.0) == [1, 4, 2, 3, 5])
        guard case .model(let margin?, let conflict?) = order[0].1 else { Issue.record("\(order[0].1)"); return }
        #expect(abs(margin - 0.85) < 1e-6)
        #expect(conflict.lexicon == "positive")
        #expect(order[0].1.description.hasPrefix("the model is unsure (margin 0.85); lexicon says positive, model says negative"))
    }

    @Test("before a model the model strategies say why the order is random")
    func noModel() throws {
        let loop = try LoopProject.unlabelled(count: 5)
        var queue = try AnnotationQueue.open(project: loop.project, annotator: "ana", strategy: .uncertain)
        #expect(queue.next()?.reason == .noModelYet)
        queue.unrankedReason = .predictionsLoading
        #expect(queue.next()?.reason.description == "random order (predictions loading)")
    }

    @Test("the queue opened on a project is the annotator's own seeded order, the same each time")
    func seededOrder() throws {
        let loop = try LoopProject.unlabelled(count: 50)
        func order(_ annotator: String) throws -> [Int64] {
            var queue = try AnnotationQueue.open(project: loop.project, annotator: annotator)
            var items: [Int64] = []
            while let (item, _) = queue.next() {
                items.append(item)
                queue.skipped(item)
            }
            return items
        }
        let ana = try order("ana")
        #expect(ana.count == 50)
        #expect(try order("ana") == ana)
        #expect(try order("lea") != ana)
        #expect(Set(try order("lea")) == Set(ana))
    }
}

@Suite struct BlindFractionTests {
    @Test("about the fraction asked for is hidden, the same each time an annotator meets an item")
    func fraction() {
        let blind = BlindFraction(0.1)
        let hidden = (0..<10_000).filter { blind.hides(item: "item\($0)", from: "ana") }.count
        // Binomial(10000, 0.1): sd 30; 4 sd either side.
        #expect((880...1_120).contains(hidden))
        #expect((0..<500).allSatisfy { blind.hides(item: "item\($0)", from: "ana") == blind.hides(item: "item\($0)", from: "ana") })
        let otherAnnotator = (0..<10_000).filter { blind.hides(item: "item\($0)", from: "kay") != blind.hides(item: "item\($0)", from: "ana") }
        #expect(otherAnnotator.count > 1_000)  // independent draws per annotator
    }

    @Test("0 hides nothing and 1 hides everything", arguments: [0.0, 1.0])
    func extremes(fraction: Double) {
        let hidden = (0..<1_000).filter { BlindFraction(fraction).hides(item: "i\($0)", from: "ana") }.count
        #expect(hidden == Int(fraction * 1_000))
    }

    @Test("the exposure records the run, the model's label and whether it was shown")
    func exposure() {
        let predictions = ModelPredictions(run: 4, labels: ["negative", "positive"], byRow: [:])
        let shown = BlindFraction(0).exposure(item: "x", annotator: "ana", probabilities: [0.2, 0.8], of: predictions)
        #expect(shown == ModelExposure(run: 4, predictedLabel: "positive", shown: true))
        let hidden = BlindFraction(1).exposure(item: "x", annotator: "ana", probabilities: [0.7, 0.3], of: predictions)
        #expect(hidden == ModelExposure(run: 4, predictedLabel: "negative", shown: false))
    }
}
