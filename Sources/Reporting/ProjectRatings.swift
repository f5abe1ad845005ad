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
    /// The item of each unit.
    public let items: [ItemLabels]

    public init(items all: [ItemLabels], config: ProjectConfig) throws {
        let labelled = all.filter { !$0.labels.isEmpty }
        let names = Array(Set(labelled.flatMap { $0.labels.map(\.annotator) })).sorted()
        let coderOf = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        let categoryOf = Dictionary(uniqueKeysWithValues: config.labelNames.enumerated().map { ($1, $0) })
        var ratings: [RatingMatrix.Rating] = []
        for (unit, item) in labelled.enumerated() {
            for label in item.labels {
                // A label no longer in opine.toml cannot be placed on the scale: leave it out.
                guard let coder = coderOf[label.annotator], let category = categoryOf[label.label] else { continue }
                ratings.append(RatingMatrix.Rating(unit: unit, coder: coder, category: category))
            }
        }
        // Ordered labels are equally spaced steps, so the interval metric applies as well.
        matrix = try RatingMatrix(
            unitCount: labelled.count, coderCount: names.count, categoryCount: config.labels.count,
            level: config.ordinal ? .interval : .nominal, ratings: ratings)
        annotators = names
        labels = config.labelNames
        items = labelled
    }

    /// The metadata value of `column` for each unit ("(none)" when absent).
    public func sliceValues(column: String) -> [String] {
        items.map { item in
            if column == "lang" { return item.item.lang ?? "(none)" }
            let object = (try? JSONSerialization.jsonObject(with: Data(item.item.metadataJSON.utf8))) as? [String: Any]
            return object?[column].map { "\($0)" } ?? "(none)"
        }
    }
}
