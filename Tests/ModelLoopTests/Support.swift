import AnnotationStore
import Foundation
import Workflow

/// A project in a temporary folder, built through the library (no binary): `count` items whose
/// 8-d embeddings cluster by label, each labelled by ana with its cluster's label.
struct LoopProject {
    static let labels = ["negative", "neutral", "positive"]
    let directory: URL
    let project: Project

    init(count: Int, settings: String = "", embedded: Bool = true) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("modelloop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let toml = """
            name = "loop"
            overlap = 1

            [[annotators]]
            name = "lea"
            role = "lead"

            [[annotators]]
            name = "ana"
            role = "annotator"

            \(settings)
            """
        try Data(toml.utf8).write(to: directory.appendingPathComponent(Project.configFileName))
        project = try Project.open(directory: directory)
        var rows: [ImportRow] = []
        var vectors: [(externalId: String, vector: [Float])] = []
        var state: UInt64 = 9
        for index in 0..<count {
            let label = index % 3
            rows.append(ImportRow(line: index + 2, externalId: "i\(index)", text: "item \(index)", label: Self.labels[label]))
            vectors.append(("i\(index)", (0..<8).map { column in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return (column == label ? 2 : 0) + Float(state >> 40) / Float(1 << 24) - 0.5
            }))
        }
        _ = try project.database.importRows(rows, file: "items.csv", annotator: "ana", splits: project.config.splits)
        if embedded { try project.database.importEmbeddings(vectors, encoder: "test") }
    }

    /// An unlabelled project of `count` items for queue tests, annotated by nobody yet.
    static func unlabelled(count: Int, settings: String = "") throws -> LoopProject {
        let loop = try LoopProject(count: 0, settings: settings)
        let rows = (0..<count).map { ImportRow(line: $0 + 2, externalId: "u\($0)", text: "text \($0)") }
        _ = try loop.project.database.importRows(rows, file: "items.csv", annotator: nil, splits: loop.project.config.splits)
        return loop
    }
}

/// The shipped lexicons, beside the package.
let shippedLexicons = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("lexicons")
