import ArgumentParser
import Foundation
import ModelLoop
import Workflow

struct EncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Print the sentence embedding of each TEXT (for debugging and scripting).")

    @Argument(help: "Texts to embed.")
    var texts: [String]

    @Option(help: ArgumentHelp("A sentence-transformers model folder (default: the project's, else all-MiniLM-L6-v2).", valueName: "PATH"))
    var encoder: String?

    @OptionGroup var options: ProjectOptions

    func run() throws {
        try reportingErrors {
            let config = try? Project.loadConfig(directory: options.directory)
            let model = try EncoderLocation.load(given: encoder, config: config)
            let vectors: [[Float]]
            do {
                vectors = try model.embed(texts: texts)
            } catch {
                throw CommandError(message: "\(error)")
            }
            if options.json {
                Output.json(EncodeResult(encoder: model.contentHash, dimension: model.dimension,
                                         vectors: zip(texts, vectors).map { EncodeResult.Vector(text: $0, vector: $1) }))
            } else {
                for vector in vectors { Output.line(vector.map { String(format: "%.6f", $0) }.joined(separator: " ")) }
            }
        }
    }

    private struct EncodeResult: Encodable {
        struct Vector: Encodable {
            var text: String
            var vector: [Float]
        }

        var encoder: String
        var dimension: Int
        var vectors: [Vector]
    }
}
