import AnnotationStore
import Lexicons
import Workflow

/// The one annotation queue, for `opine next` and the screen alike, held in memory so the
/// next item is found without a scan of the item table: a constant-time step on a project of
/// millions of items.
///
/// Items sit in buckets, each in its own order: one bucket for the plain strategies, one per
/// slice value for `slice-balanced` (whose next item comes from the slice with the fewest
/// labels so far). The queue is the screen's view; the store still decides: a label on an
/// item someone else filled meanwhile is refused there, and the screen then calls `full`.
public struct AnnotationQueue: Sendable {
    struct Bucket: Sendable {
        var items: [Int64]
        /// Items before this one are labelled, skipped or full.
        var position = 0
        /// Current labels in the bucket's slice (slice-balanced only).
        var labels = 0
    }

    public let strategy: QueueStrategy
    private let overlap: Int
    private let sliceColumn: String?
    private var buckets: [String: Bucket]
    /// Slice value of each item (slice-balanced only).
    private let sliceOf: [Int64: String]
    private var annotators: [Int64: Int]
    /// Labelled by this annotator, skipped, or filled by others since the snapshot.
    private var passed: Set<Int64> = []
    /// Why a model strategy placed an item where it is.
    private var reasons: [Int64: QueueReason] = [:]
    /// Whether a model's ranking was applied (model strategies only).
    private var ranked = false
    /// Why a model strategy offers an item before any ranking: no run yet, or its predictions
    /// still loading.
    public var unrankedReason: QueueReason = .noModelYet

    public init(snapshot: QueueSnapshot, strategy: QueueStrategy, overlap: Int, sliceColumn: String? = nil) {
        self.strategy = strategy
        self.overlap = overlap
        self.annotators = snapshot.annotators
        if strategy == .sliceBalanced, let sliceColumn {
            self.sliceColumn = sliceColumn
            var grouped: [String: [Int64]] = [:]
            for item in snapshot.order { grouped[snapshot.sliceValues[item] ?? "", default: []].append(item) }
            buckets = grouped.mapValues { Bucket(items: $0) }
            for (value, count) in snapshot.labelsPerSlice { buckets[value]?.labels = count }
            sliceOf = snapshot.sliceValues
        } else {
            self.sliceColumn = nil
            buckets = ["": Bucket(items: snapshot.order)]
            sliceOf = [:]
        }
    }

    /// Items still to be offered (an upper bound: some may be filled by others meanwhile).
    public var remaining: Int {
        buckets.values.reduce(0) { $0 + $1.items.count - $1.position }
    }

    /// The next item to show and why it was chosen; nil when the annotator is done.
    public mutating func next() -> (item: Int64, reason: QueueReason)? {
        var best: (key: String, labels: Int)?
        for key in buckets.keys.sorted() {
            advance(key)
            guard let bucket = buckets[key], bucket.position < bucket.items.count else { continue }
            if best == nil || bucket.labels < best?.labels ?? 0 { best = (key, bucket.labels) }
        }
        guard let best, let bucket = buckets[best.key] else { return nil }
        let item = bucket.items[bucket.position]
        return (item, reason(item, bucket: best.key))
    }

    /// The annotator labelled the item.
    public mutating func labelled(_ item: Int64) {
        passed.insert(item)
        annotators[item, default: 0] += 1
        buckets[bucket(of: item)]?.labels += 1
    }

    /// The annotator skipped the item in this session.
    public mutating func skipped(_ item: Int64) {
        passed.insert(item)
    }

    /// Others filled the item before this annotator's label.
    public mutating func full(_ item: Int64) {
        passed.insert(item)
    }

    /// The annotator's label was undone: the item is offered again, first (the screen shows it
    /// at once; if it is skipped or replaced by another undo, it still comes back).
    public mutating func unlabelled(_ item: Int64) {
        annotators[item, default: 1] -= 1
        let key = bucket(of: item)
        guard var bucket = buckets[key] else { return }
        bucket.labels -= 1
        passed.remove(item)
        bucket.items.insert(item, at: bucket.position)
        buckets[key] = bucket
    }

    /// The bucket an item belongs to: its slice value for slice-balanced ("" when it has
    /// none), else the one bucket "".
    private func bucket(of item: Int64) -> String {
        sliceColumn == nil ? "" : sliceOf[item] ?? ""
    }

    /// Puts `ranked` first, in that order, with the reasons given; the other items follow in
    /// their current order. Used when a model run is ready.
    public mutating func rank(_ ranked: [(item: Int64, reason: QueueReason)]) {
        guard strategy.usesModel, var bucket = buckets[""] else { return }
        self.ranked = true
        let rest = bucket.items[bucket.position...].filter { !passed.contains($0) }
        let chosen = Set(ranked.map(\.item))
        bucket.items = ranked.map(\.item).filter { !passed.contains($0) } + rest.filter { !chosen.contains($0) }
        bucket.position = 0
        buckets[""] = bucket
        reasons = Dictionary(ranked.map { ($0.item, $0.reason) }, uniquingKeysWith: { first, _ in first })
    }

    /// Items not yet passed, in queue order (for ranking by a model).
    public var pending: [Int64] {
        buckets.keys.sorted().flatMap { key in
            buckets[key].map { Array($0.items[$0.position...]).filter { !passed.contains($0) } } ?? []
        }
    }

    private mutating func advance(_ key: String) {
        guard var bucket = buckets[key] else { return }
        while bucket.position < bucket.items.count {
            let item = bucket.items[bucket.position]
            if !passed.contains(item), (annotators[item] ?? 0) < overlap { break }
            bucket.position += 1
        }
        buckets[key] = bucket
    }

    private func reason(_ item: Int64, bucket: String) -> QueueReason {
        if let reason = reasons[item] { return reason }
        if strategy == .sliceBalanced, let sliceColumn {
            return .fewestLabelsInSlice(column: sliceColumn, value: bucket.isEmpty ? nil : bucket, labels: buckets[bucket]?.labels ?? 0)
        }
        if strategy.usesModel { return ranked ? .notEmbedded : unrankedReason }
        return .randomOrder
    }
}

extension AnnotationQueue {
    /// The annotator's queue in the project, by `strategy` (default: `[annotate] queue`), in
    /// their seeded random order until a model ranks it.
    public static func open(project: Project, annotator: String, strategy: QueueStrategy? = nil) throws -> AnnotationQueue {
        let config = project.config
        let strategy = strategy ?? config.annotate.queue
        let sliceColumn = strategy == .sliceBalanced ? config.sliceColumns.first : nil
        let snapshot = try project.database.queueSnapshot(annotator: annotator, overlap: config.overlap, sliceColumn: sliceColumn)
        return AnnotationQueue(snapshot: snapshot, strategy: strategy, overlap: config.overlap, sliceColumn: sliceColumn)
    }

    /// Ranks the pending items by `predictions` (model strategies only), reading each item's
    /// text from the project for the lexicon when the strategy weighs conflicts.
    public mutating func rank(by predictions: ModelPredictions, project: Project, analyzer: Analyzer?) throws {
        rank(try predictions.ranking(pending, strategy: strategy, analyzer: analyzer) { rowId in
            try project.database.item(rowId: rowId).map { ($0.text, $0.lang) }
        })
    }
}
