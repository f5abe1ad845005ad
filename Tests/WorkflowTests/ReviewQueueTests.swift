import AnnotationStore
import Foundation
import Testing
@testable import Workflow

@Suite struct ReviewQueueTests {
    let config: ProjectConfig

    init() throws {
        config = try ProjectConfig.parse("", file: "opine.toml", defaultName: "p")
    }

    func item(_ id: String, _ labels: [String], adjudicated: String? = nil) -> ItemLabels {
        ItemLabels(
            item: StoredItem(externalId: id, text: id, lang: "en", metadataJSON: "{}", split: .train),
            labels: labels.enumerated().map { CurrentLabel(annotator: "a\($0.offset)", label: $0.element, flags: [], note: nil, createdAt: Date()) },
            adjudication: adjudicated.map { Adjudication(lead: "lea", label: $0, reason: "r", createdAt: Date()) })
    }

    @Test("vote entropy is 0 for agreement and 1 for an even split")
    func entropy() {
        #expect(ReviewQueue.voteEntropy(["a", "a", "a"], categories: 3) == 0)
        #expect(abs(ReviewQueue.voteEntropy(["a", "b"], categories: 3) - 1) < 1e-12)
        #expect(abs(ReviewQueue.voteEntropy(["a", "b", "c"], categories: 3) - 1) < 1e-12)
        let twoToOne = ReviewQueue.voteEntropy(["a", "a", "b"], categories: 3)
        #expect(twoToOne > 0.5 && twoToOne < 0.6)  // −(⅔ln⅔ + ⅓ln⅓)/ln 3 ≈ 0.579
    }

    @Test("disagreements rank opposite labels first, then by entropy; agreement and adjudicated items stay out")
    func ranking() {
        let queue = ReviewQueue.build([
            item("agree", ["positive", "positive"]),
            item("adjacent", ["positive", "neutral"]),
            item("opposite", ["positive", "negative"]),
            item("twoToOne", ["positive", "positive", "negative"]),
            item("settled", ["positive", "negative"], adjudicated: "negative"),
        ], config: config)
        #expect(queue.map(\.item.item.externalId) == ["opposite", "twoToOne", "adjacent"])
        #expect(queue[0].reasons == [.disagreement(entropy: 1, spread: 2)])
    }

    @Test("suspects and conflicts join the queue with their reasons")
    func otherReasons() {
        let queue = ReviewQueue.build([item("s", ["positive"]), item("c", ["neutral"])], config: config,
                                      suspects: ["s": (0.9, "negative")], conflicts: ["c": ("positive", "neutral")])
        #expect(queue.map(\.item.item.externalId) == ["s", "c"])
        #expect(queue[0].reasons == [.suspect(score: 0.9, proposed: "negative")])
    }
}
