import Agreement
import AnnotationStore
import Foundation
import Workflow

/// The project's current labels as a rating matrix: one unit per labelled item, one coder per
/// annotator who labelled anything, categories in the project file's order.
public struct ProjectRatings: Sendable {
    public let matrix: RatingMatrix
    public let annotators: [String]
    public let labels: [String]
    /// The item row id of each unit.
    public let itemRowIds: [Int64]
    /// Per coder: when they labelled each unit (log sequence and seconds since 1970).
    public let timelines: [[(unit: Int, sequence: Int64, time: Int64)]]

    public init(table: LabelTable, config: ProjectConfig) throws {
        let active = Array(Set(table.entries.map(\.annotator))).sorted()
        let coderOf = Dictionary(uniqueKeysWithValues: active.enumerated().map { ($1, $0) })
        let categoryOf = Dictionary(uniqueKeysWithValues: config.labelNames.enumerated().map { ($1, $0) })
        // A label no longer in opine.toml cannot be placed on the scale: its ratings are left out.
        let category = table.labels.map { categoryOf[$0] }
        var ratings: [RatingMatrix.Rating] = []
        ratings.reserveCapacity(table.entries.count)
        var timelines = [[(unit: Int, sequence: Int64, time: Int64)]](repeating: [], count: active.count)
        for entry in table.entries {
            guard let coder = coderOf[entry.annotator], let label = category[Int(entry.label)] else { continue }
            ratings.append(RatingMatrix.Rating(unit: Int(entry.item), coder: coder, category: label))
            timelines[coder].append((Int(entry.item), entry.sequence, entry.time))
        }
        self.timelines = timelines
        // Ordered labels are equally spaced steps, so the interval metric applies as well.
        matrix = try RatingMatrix(
            unitCount: table.itemRowIds.count, coderCount: active.count, categoryCount: config.labels.count,
            level: config.ordinal ? .interval : .nominal, ratings: ratings)
        annotators = active.map { table.annotators[Int($0)] }
        labels = config.labelNames
        itemRowIds = table.itemRowIds
    }

    /// Each unit's value in a slice column ("(none)" when absent), from `AppDatabase.itemValues`.
    public func sliceValues(_ valuesByRowId: [Int64: String]) -> [String] {
        itemRowIds.map { valuesByRowId[$0] ?? "(none)" }
    }
}
