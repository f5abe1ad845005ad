import AnnotationStore
import ArgumentParser
import Foundation
import Workflow

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show items, labels, per-annotator counts and progress towards the overlap target.")

    @OptionGroup var options: ProjectOptions

    func run() throws {
        try reportingErrors {
            let project = try options.open()
            let config = project.config
            let counts = try project.database.counts(overlap: config.overlap)
            let slots = counts.items * config.overlap
            let progress = slots == 0 ? 0 : Double(counts.filledSlots) / Double(slots)
            let embeddings = Dictionary(uniqueKeysWithValues: try project.database.embeddingKeys().map { ($0.key, $0.count) })
            let runs = try project.database.runs().count
            if options.json {
                Output.json(StatusReport(project: config.name, directory: project.directory.path, overlap: config.overlap,
                                         counts: counts, progress: progress, embeddings: embeddings, runs: runs))
                return
            }
            let splits = ["train", "dev", "test"].map { "\($0) \(counts.itemsPerSplit[$0] ?? 0)" }.joined(separator: ", ")
            Output.line("Project \(config.name) (\(project.directory.path))")
            Output.line("  items        \(counts.items)  (\(splits))")
            Output.line("  labelled     \(counts.labelledItems) items, \(counts.labels) labels")
            Output.line("  complete     \(counts.completeItems) of \(counts.items) items have \(config.overlap) labels (overlap \(config.overlap))")
            Output.line("  progress     \(String(format: "%.1f", progress * 100))% of \(slots) label slots")
            Output.line("  adjudicated  \(counts.adjudicatedItems) items")
            let embedded = embeddings.map { "\($0.value) by \($0.key.prefix(16))" }.sorted().joined(separator: ", ")
            Output.line("  embeddings   \(embedded.isEmpty ? "none yet (opine embed)" : embedded)")
            Output.line("  runs         \(runs == 0 ? "none yet (opine train)" : "\(runs)")")
            let names = config.annotators.map(\.name) + counts.labelsPerAnnotator.keys.sorted().filter { config.annotator($0) == nil }
            for name in names {
                let role = config.annotator(name)?.role.rawValue ?? "not in opine.toml"
                Output.line("  \(name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(counts.labelsPerAnnotator[name] ?? 0) items  (\(role))")
            }
            if counts.items == 0 { Output.line("No items yet: `opine import FILE --project \(options.project)`.") }
        }
    }

    private struct StatusReport: Encodable {
        var project: String
        var directory: String
        var overlap: Int
        var counts: ProjectCounts
        var progress: Double
        var embeddings: [String: Int]
        var runs: Int

        enum CodingKeys: String, CodingKey {
            case project, directory, overlap, items, itemsPerSplit = "items_per_split", labelledItems = "labelled_items"
            case completeItems = "complete_items", labels, progress, adjudicatedItems = "adjudicated_items"
            case labelsPerAnnotator = "labels_per_annotator", embeddings, runs
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(project, forKey: .project)
            try container.encode(directory, forKey: .directory)
            try container.encode(overlap, forKey: .overlap)
            try container.encode(counts.items, forKey: .items)
            try container.encode(counts.itemsPerSplit, forKey: .itemsPerSplit)
            try container.encode(counts.labelledItems, forKey: .labelledItems)
            try container.encode(counts.completeItems, forKey: .completeItems)
            try container.encode(counts.labels, forKey: .labels)
            try container.encode(progress, forKey: .progress)
            try container.encode(counts.adjudicatedItems, forKey: .adjudicatedItems)
            try container.encode(counts.labelsPerAnnotator, forKey: .labelsPerAnnotator)
            try container.encode(embeddings, forKey: .embeddings)
            try container.encode(runs, forKey: .runs)
        }
    }
}
