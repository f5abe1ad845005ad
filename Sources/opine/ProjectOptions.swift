import AnnotationStore
import ArgumentParser
import Foundation
import Workflow

/// The options every project command shares.
struct ProjectOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The project folder (holding opine.toml).", valueName: "DIR"))
    var project: String = "."

    @Flag(name: .long, help: "Print machine-readable JSON instead of text.")
    var json = false

    @Option(name: .long, help: ArgumentHelp(
        "The project's PostgreSQL store, postgres://user@host:5432/db (default: OPINE_DATABASE_URL, else [store] url, else opine.db).",
        valueName: "URL"))
    var database: String?

    var directory: URL { URL(fileURLWithPath: project).standardizedFileURL }

    func open() throws -> Project { try Project.open(directory: directory, databaseURL: database) }
}

/// `--annotator NAME`, shared by the commands that act as one annotator; `profile` checks the
/// name against opine.toml.
struct AnnotatorOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Who is labelling (an annotator in opine.toml).", valueName: "NAME"))
    var annotator: String

    /// The annotator's name, once opine.toml is known to list it.
    func checked(in project: Project) throws -> String {
        guard project.config.annotator(annotator) != nil else { throw AnnotationStoreError.unknownAnnotator(annotator) }
        return annotator
    }
}

extension QueueStrategy: ExpressibleByArgument {}
extension DevSplitUse: ExpressibleByArgument {}
