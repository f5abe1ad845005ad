import AnnotationStore
import Classification
import ModelLoop
import Slices
import Workflow

/// The project's labels, gold and latest model as the slice analysis reads them: one place for
/// `opine slices`, the report and the stats screen.
public enum ProjectSlices {
    /// The slice analysis's input: gold by the export's rule, item and annotator dimensions.
    public static func data(project: Project, ratings: ProjectRatings, itemColumns: [String] = [],
                                 annotatorAttributes: [String] = [], modelOnTrain: Bool = false) throws -> SliceData {
        let config = project.config
        let database = project.database
        let adjudicated = try database.adjudicatedLabels()
        let gold: [Int?] = (0..<ratings.matrix.unitCount).map { unit in
            let votes = (0..<ratings.matrix.coderCount).compactMap { ratings.matrix[unit, $0] }.map { ratings.labels[$0] }
            let label = Gold(labels: votes, adjudication: adjudicated[ratings.itemRowIds[unit]]).label
            return label.flatMap { ratings.labels.firstIndex(of: $0) }
        }
        let columns = itemColumns.isEmpty ? config.sliceColumns : itemColumns
        let itemDimensions = try columns.map { column in
            ItemDimension(name: column, values: ratings.sliceValues(try database.itemValues(column: column)).map { $0 == "(none)" ? nil : $0 })
        }
        let attributes = annotatorAttributes.isEmpty
            ? Array(Set(config.annotators.flatMap(\.attributes.keys))).sorted()
            : annotatorAttributes
        let annotatorDimensions = attributes.map { attribute in
            AnnotatorDimension(name: attribute, values: ratings.annotators.map { config.annotator($0)?.attributes[attribute] })
        }
        return try SliceData(
            labels: ratings.labels, annotators: ratings.annotators, ratings: ratings.matrix, gold: gold,
            predictions: try modelPredictions(project: project, ratings: ratings, includeTrain: modelOnTrain),
            itemDimensions: itemDimensions, annotatorDimensions: annotatorDimensions)
    }

    /// The latest run's prediction for each labelled item: nil before the first run, for items
    /// without an embedding, and for train items unless `includeTrain`.
    public static func modelPredictions(project: Project, ratings: ProjectRatings, includeTrain: Bool = false) throws -> [Prediction?]? {
        guard let run = try project.database.latestTrainingRun() else { return nil }
        return try modelPredictions(of: run, project: project, ratings: ratings, includeTrain: includeTrain)
    }

    /// `run`'s prediction for each labelled item (nil where it has none, and for train items
    /// unless `includeTrain`); nil when the run's labels are not the project's.
    public static func modelPredictions(of run: TrainingRun, project: Project, ratings: ProjectRatings,
                                        includeTrain: Bool = false) throws -> [Prediction?]? {
        guard run.labels == ratings.labels else { return nil }
        let (set, probabilities) = try run.predict(project: project)
        let rowOf = Dictionary(uniqueKeysWithValues: set.rowIds.enumerated().map { ($1, $0) })
        let splits = includeTrain ? [:] : try project.database.itemValues(column: "split")
        return ratings.itemRowIds.map { rowId in
            guard let row = rowOf[rowId], includeTrain || splits[rowId] != Split.train.rawValue else { return nil }
            let values = probabilities.row(row)
            return Prediction(label: Classification.Metrics.argmax(values), probabilities: values.map(Double.init))
        }
    }
}
