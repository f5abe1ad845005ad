import ArgumentParser
import BertEncoder
import Foundation
import ModelLoop
import Workflow

struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Embed every item that has no vector from the project's encoder yet, and store the vectors.",
        discussion: """
            Vectors are keyed by the encoder's content hash, so changing the encoder never mixes \
            vectors. Work is committed batch by batch: interrupt it any time and run it again to \
            carry on. --import stores vectors computed elsewhere (a float32/float64 .npy of items \
            × dimensions, and a file of item ids, one per line, in the same order), all or nothing.
            """)

    @OptionGroup var options: ProjectOptions

    @Option(name: .customLong("import"), help: ArgumentHelp("A .npy matrix of vectors to store.", valueName: "FILE.npy"))
    var importFile: String?

    @Option(help: ArgumentHelp("The item ids of the .npy rows, one per line.", valueName: "FILE"))
    var ids: String?

    @Option(help: "A name for imported embeddings (stored as import:NAME; default: the file's name).")
    var name: String?

    @Option(help: ArgumentHelp("A sentence-transformers model folder (default: the project's encoder).", valueName: "PATH"))
    var encoder: String?

    @Option(help: "Threads for the encoder (default: all cores).")
    var threads: Int?

    @Option(help: "Texts per committed batch.")
    var batch: Int = 256

    func validate() throws {
        if importFile != nil && ids == nil { throw ValidationError("--import needs --ids FILE (one item id per .npy row)") }
        if batch < 1 { throw ValidationError("--batch must be at least 1") }
    }

    func run() throws {
        try reportingErrors {
            guard let importFile, let ids else {
                try embedWithEncoder()
                return
            }
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

    private func embedWithEncoder() throws {
        let project = try options.open()
        // Ctrl-C stops after the batch in hand is stored, so the next run carries on from there.
        StopRequest.install()
        let model = try EncoderLocation.load(given: encoder, config: project.config, threads: threads)
        let pending = try project.database.itemsWithoutEmbedding(encoder: model.contentHash)
        let already = try project.database.embeddingCount(encoder: model.contentHash)
        let started = Date()
        let progress = ProgressBar(total: pending.count, enabled: !options.json)
        var done = 0
        var start = 0
        while start < pending.count && !StopRequest.requested {
            let slice = Array(pending[start..<min(pending.count, start + batch)])
            let vectors: [[Float]]
            do {
                vectors = try model.embed(texts: slice.map(\.text)) { batchDone, _ in progress.update(done + batchDone) }
            } catch {
                throw CommandError(message: "\(error)")
            }
            try project.database.storeEmbeddings(zip(slice, vectors).map { ($0.rowId, $1) }, encoder: model.contentHash)
            done += slice.count
            start += slice.count
            progress.update(done)
        }
        progress.finish()
        let seconds = Date().timeIntervalSince(started)
        if StopRequest.requested {
            Output.error("interrupted: \(done + already) of \(pending.count + already) items are stored; run `opine embed` again to continue")
            throw ExitCode(130)
        }
        if options.json {
            Output.json(EncodeSummary(encoder: model.contentHash, model: model.modelDirectory.path, dimension: model.dimension,
                                      embedded: done, alreadyStored: already, seconds: seconds))
        } else {
            Output.line("Embedded \(done) item\(done == 1 ? "" : "s") (\(already) already stored) with \(model.modelDirectory.lastPathComponent) [\(model.contentHash.prefix(12))] in \(String(format: "%.1f", seconds)) s.")
        }
    }

    private struct EncodeSummary: Encodable {
        var encoder: String
        var model: String
        var dimension: Int
        var embedded: Int
        var alreadyStored: Int
        var seconds: Double
    }

    private struct EmbedResult: Encodable {
        var encoder: String
        var stored: Int
        var dimension: Int
    }
}

/// A SIGINT seen during a long command, checked between committed steps.
enum StopRequest {
    nonisolated(unsafe) private static var flag: sig_atomic_t = 0

    static var requested: Bool { flag != 0 }

    static func install() {
        // The signal may arrive blocked from a parent (test runners block it); take it back.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        signal(SIGINT) { _ in StopRequest.flag = 1 }
    }
}
