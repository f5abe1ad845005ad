import AnnotationStore
import ArgumentParser
import Foundation
import Workflow

struct DbCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Move a project between SQLite and a PostgreSQL server, and check a store's invariants.",
        subcommands: [DbCopyCommand.self, DbCheckCommand.self])
}

struct DbCopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a project's whole store into an empty one (SQLite → PostgreSQL or back): all or nothing, row counts checked.",
        discussion: """
            SOURCE and DESTINATION are each a postgres://user@host:5432/db URL or an SQLite file (a project folder \
            means its opine.db). The destination must hold no items, labels, runs or vectors; a missing SQLite file \
            is created (and removed again if the copy fails). Labels, retractions, adjudications, embeddings, runs \
            and predictions keep their ids and times; leases are not copied (copy while nobody is annotating). \
            Afterwards point the project at the new store: [store] url in opine.toml, --database or OPINE_DATABASE_URL.
            """)

    @Argument(help: ArgumentHelp("The store to read.", valueName: "SOURCE"))
    var source: String

    @Argument(help: ArgumentHelp("The empty store to fill.", valueName: "DESTINATION"))
    var destination: String

    @Option(name: .long, help: ArgumentHelp("The project folder (holding opine.toml): its name is checked against a server's.", valueName: "DIR"))
    var project: String = "."

    @Flag(name: .long, help: "Print machine-readable JSON instead of text.")
    var json = false

    func run() throws {
        try reportingErrors {
            let directory = URL(fileURLWithPath: project).standardizedFileURL
            let config = try Project.loadConfig(directory: directory)
            let report = try StoreCopy.copy(from: StoreLocation(source, relativeTo: directory),
                                            to: StoreLocation(destination, relativeTo: directory), project: config.name)
            if json {
                Output.json(CopyReport(project: config.name, source: report.source, destination: report.destination,
                                       rows: report.counts, destinationRows: report.destinationCounts, seconds: report.seconds))
                return
            }
            Output.line("Copied project \(config.name) from \(report.source) to \(report.destination) in \(String(format: "%.1f", report.seconds)) s.")
            for ((table, rows), (_, found)) in zip(report.counts.tables, report.destinationCounts.tables) {
                Output.line("  \(table.padding(toLength: 13, withPad: " ", startingAt: 0)) \(rows) read, \(found) in the destination")
            }
            Output.line("Point the project at it with [store] url in opine.toml, --database or OPINE_DATABASE_URL.")
        }
    }

    private struct CopyReport: Encodable {
        var project: String
        var source: String
        var destination: String
        var rows: StoreCounts
        var destinationRows: StoreCounts
        var seconds: Double
    }
}

struct DbCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Verify a store's invariants: schema, the database's guards, references, hashes, vectors, labels.",
        discussion: """
            Checks the project's store (or STORE: a postgres:// URL or an SQLite file). A failed check is a broken \
            invariant and exits 1; a warning is allowed but worth a look (a label no longer in opine.toml, an item \
            past today's overlap, an adjudication by someone no longer a lead).
            """)

    @Argument(help: ArgumentHelp("The store to check instead of the project's own.", valueName: "STORE"))
    var store: String?

    @OptionGroup var options: ProjectOptions

    func run() throws {
        var failed = false
        try reportingErrors {
            let config: ProjectConfig
            let database: any ProjectStore
            if let store {
                config = try Project.loadConfig(directory: options.directory)
                database = try StoreLocation(store, relativeTo: options.directory).open(project: config.name, creating: false)
            } else {
                let project = try options.open()
                (config, database) = (project.config, project.database)
            }
            let findings = StoreCheck(labels: config.labelNames, overlap: config.overlap).run(try database.snapshot(), facts: try database.schemaFacts())
            failed = findings.contains { $0.severity == .failed }
            if options.json {
                Output.json(CheckReport(project: config.name, passed: !failed, findings: findings))
                return
            }
            for finding in findings {
                let mark = finding.severity == .ok ? "ok     " : finding.severity == .warning ? "warning" : "FAILED "
                var line = "\(mark)  \(finding.check.padding(toLength: 36, withPad: " ", startingAt: 0)) \(finding.detail)"
                if finding.count > 0, !finding.examples.isEmpty {
                    line += "\n           \(finding.count) rows, e.g. " + finding.examples.map(Output.visible).joined(separator: "; ")
                }
                Output.line(line)
            }
            Output.line(failed ? "The store breaks invariants: see FAILED above." : "Every invariant holds.")
        }
        if failed { throw ExitCode.failure }
    }

    private struct CheckReport: Encodable {
        var project: String
        var passed: Bool
        var findings: [StoreCheck.Finding]
    }
}
