import ArgumentParser

@main
struct Opine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "opine",
        abstract: "Build sentiment datasets with a model in the loop, from the terminal.",
        discussion: """
            Every command works on a project folder (opine.toml + opine.db): pass --project DIR or \
            run it inside the folder. Every command takes --json for machine-readable output.

            Exit codes: 0 success; 64 bad command-line usage; 65 bad input (a data file, \
            opine.toml, an unknown item, label or annotator) — nothing was changed; 66 no project \
            or unreadable file; 73 an output file exists; 75 the item already has enough labels \
            (ask `opine next` again); 1 anything else.
            """,
        subcommands: [
            InitCommand.self, ImportCommand.self, AnnotateCommand.self, NextCommand.self, LabelCommand.self, UndoCommand.self,
            ReviewCommand.self, AdjudicateCommand.self, StatusCommand.self, AgreementCommand.self, SlicesCommand.self, ReportCommand.self, HintsCommand.self, LexiconCommand.self,
            EmbedCommand.self, EncodeCommand.self, TrainCommand.self, RunsCommand.self, PredictCommand.self, SuspectsCommand.self, ExportCommand.self, StatsCommand.self,
            DriftCommand.self, GuidelinesCommand.self, DbCommand.self,
        ]
    )
}
