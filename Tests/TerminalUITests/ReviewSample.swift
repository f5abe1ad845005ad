@testable import TerminalUI

/// A review list like a project's after a first round: disagreements, suspect labels, a
/// lexicon/model conflict, and one item a lead already settled.
enum ReviewSample {
    static let setup = ReviewSetup(
        projectName: "demo", lead: "lea",
        labels: [Choice(name: "negative", key: "1"), Choice(name: "neutral", key: "2"), Choice(name: "positive", key: "3")],
        sliceColumns: ["lang", "source"])

    static let opposite = ReviewReasonView(kind: .disagreement, summary: "annotators disagree (vote entropy 1.00, opposite labels)")
    static let adjacent = ReviewReasonView(kind: .disagreement, summary: "annotators disagree (vote entropy 1.00)")

    static func prediction(_ negative: Double, _ neutral: Double, _ positive: Double) -> [LabelProbability] {
        [LabelProbability(label: "negative", probability: negative), LabelProbability(label: "neutral", probability: neutral),
         LabelProbability(label: "positive", probability: positive)]
    }

    static let english = ReviewEntry(
        id: "en-0042", text: "I loved the first half of this film, but the ending was not great at all. The cast deserved a better script.",
        language: "en", split: "train",
        metadata: [MetadataField(key: "rating", value: "3"), MetadataField(key: "source", value: "imdb")],
        reasons: [opposite],
        labels: [AnnotatorLabel(annotator: "ana", label: "negative"),
                 AnnotatorLabel(annotator: "ben", label: "positive", flags: ["sarcasm"], note: "the ending, though")],
        prediction: prediction(0.62, 0.13, 0.25))
    static let japanese = ReviewEntry(
        id: "ja-0007", text: "この映画は本当に素晴らしかった。もう一度見たいです。俳優の演技も最高でした！", language: "ja", split: "dev",
        metadata: [MetadataField(key: "source", value: "レビューサイト")],
        reasons: [adjacent, ReviewReasonView(kind: .suspect, summary: "model doubts the label (p(gold) 0.08), proposes positive")],
        labels: [AnnotatorLabel(annotator: "ana", label: "neutral"), AnnotatorLabel(annotator: "chloe", label: "positive"),
                 AnnotatorLabel(annotator: "ben", label: "neutral", note: "日本語は少しだけ")],
        gold: "neutral", goldMethod: "majority", prediction: prediction(0.02, 0.08, 0.90))
    static let arabic = ReviewEntry(
        id: "ar-0013", text: "هذا المنتج رائع جدا ولكن التوصيل كان بطيئا للغاية، لن أطلب مرة أخرى", language: "ar", split: "train",
        metadata: [MetadataField(key: "source", value: "متجر")],
        reasons: [ReviewReasonView(kind: .conflict, summary: "lexicon says positive, model says negative")],
        labels: [AnnotatorLabel(annotator: "ana", label: "negative"), AnnotatorLabel(annotator: "chloe", label: "negative")],
        gold: "negative", goldMethod: "unanimous", prediction: prediction(0.71, 0.20, 0.09))
    static let emoji = ReviewEntry(
        id: "em-0099", text: "Family day 👨‍👩‍👧 in Paris 🇫🇷 was ❤️ amazing 👍🏽 — 10/10 1️⃣0️⃣ 🏳️‍🌈", language: "en", split: "test",
        metadata: [MetadataField(key: "source", value: "twitter")],
        reasons: [ReviewReasonView(kind: .suspect, summary: "model doubts the label (p(gold) 0.11), proposes positive")],
        labels: [AnnotatorLabel(annotator: "ben", label: "neutral", flags: ["irony"])],
        gold: "neutral", goldMethod: "single")
    static let escapes = ReviewEntry(
        id: "esc-0001", text: "\u{1B}[31mALERT\u{1B}[0m: refund\u{7} denied\u{9B}2J\nsecond line\tafter a tab \u{202E}reversed",
        language: "en", split: "train", metadata: [],
        reasons: [opposite, ReviewReasonView(kind: .conflict, summary: "lexicon says negative, model says positive")],
        labels: [AnnotatorLabel(annotator: "ben", label: "positive", note: "\u{1B}[2Jcleared?"),
                 AnnotatorLabel(annotator: "chloe", label: "negative")])
    /// Settled by the lead earlier: hidden until `v` shows adjudicated items.
    static let settled = ReviewEntry(
        id: "en-0100", text: "Not bad. Not good either.", language: "en", split: "train",
        metadata: [MetadataField(key: "source", value: "imdb")],
        reasons: [adjacent],
        labels: [AnnotatorLabel(annotator: "ana", label: "neutral"), AnnotatorLabel(annotator: "ben", label: "negative")],
        adjudication: AdjudicationView(lead: "lea", label: "neutral", reason: "hedged both ways"),
        gold: "neutral", goldMethod: "adjudicated", prediction: prediction(0.30, 0.55, 0.15))

    /// In the queue's order.
    static let entries = [english, escapes, japanese, emoji, settled, arabic]
    static let data = ReviewData(entries: entries, model: "run 3")

    /// A screen that loaded the sample list.
    static func screen(size: Size = Size(width: 80, height: 24), data: ReviewData = data) -> ReviewState {
        var state = ReviewState(setup: setup, size: size, at: 0)
        _ = state.start()
        _ = state.update(.loaded(data))
        return state
    }
}
