import ArgumentParser
import Foundation
import Workflow

struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Store sentence embeddings for the project's items.",
        discussion: "--import stores vectors computed elsewhere (a float32/float64 .npy of items × dimensions, and a file of item ids, one per line, in the same order), all or nothing.")

    @OptionGroup var options: ProjectOptions

    @Option(name: .customLong("import"), help: ArgumentHelp("A .npy matrix of vectors to store.", valueName: "FILE.npy"))
    var importFile: String?

    @Option(help: ArgumentHelp("The item ids of the .npy rows, one per line.", valueName: "FILE"))
    var ids: String?

    @Option(help: "A name for imported embeddings (stored as import:NAME; default: the file's name).")
    var name: String?

    func validate() throws {
        if importFile == nil { throw ValidationError("computing embeddings with the encoder is not built yet; use --import FILE.npy --ids FILE") }
        if importFile != nil && ids == nil { throw ValidationError("--import needs --ids FILE (one item id per .npy row)") }
    }

    func run() throws {
        try reportingErrors {
            guard let importFile, let ids else { return }
            let project = try options.open()
            let matrix = try NumpyMatrix.read(path: importFile)
            let idText: String
            do {
                idText = try String(contentsOfFile: ids, encoding: .utf8)
            } catch {
                throw WorkflowError.unreadableFile(file: ids, reason: "not readable as UTF-8 text")
            }
            var cleaned = idText.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\r"))) }
            while cleaned.last == "" { cleaned.removeLast() }  // trailing newlines
            guard cleaned.count == matrix.rows else {
                throw WorkflowError.unreadableFile(file: ids, reason: "\(cleaned.count) ids for \(matrix.rows) rows in \(importFile)")
            }
            if let empty = cleaned.firstIndex(where: \.isEmpty) {
                throw WorkflowError.badRows(file: ids, problems: [RowProblem(line: empty + 1, reason: "empty id")], total: 1)
            }
            if let bad = matrix.values.firstIndex(where: { !$0.isFinite }) {
                throw WorkflowError.unreadableFile(file: importFile, reason: "row \(bad / matrix.columns) holds NaN or infinity")
            }
            let key = "import:" + (name ?? URL(fileURLWithPath: importFile).deletingPathExtension().lastPathComponent)
            let vectors = cleaned.enumerated().map { row, id in
                (externalId: id, vector: Array(matrix.values[(row * matrix.columns)..<((row + 1) * matrix.columns)]))
            }
            try project.database.importEmbeddings(vectors, encoder: key)
            if options.json {
                Output.json(EmbedResult(encoder: key, stored: vectors.count, dimension: matrix.columns))
            } else {
                Output.line("Stored \(vectors.count) vectors of dimension \(matrix.columns) as \(key).")
            }
        }
    }

    private struct EmbedResult: Encodable {
        var encoder: String
        var stored: Int
        var dimension: Int
    }
}
