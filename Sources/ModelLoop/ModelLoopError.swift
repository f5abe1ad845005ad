/// What the model loop refuses, with the context a user needs to act.
public enum ModelLoopError: Error, CustomStringConvertible, Equatable {
    /// No stored vectors at all, or none from the asked-for encoder.
    case noEmbeddings(encoder: String?)
    /// Too few gold labels to train: one entry per short label, "negative has 1 (needs 1 more)".
    case tooFewLabels([String])
    /// `[train] dev_split = "select"` with a dev split that cannot choose C.
    case devSplitTooSmall(items: Int, labels: Int)
    /// A stored run whose JSON or weights do not decode: which part, and why.
    case damagedRun(id: Int64, part: String, reason: String)
    /// A run read without its weights was asked to predict.
    case runWithoutModel(id: Int64)
    case noSuchRun(Int64)
    case noRuns
    /// `reweigh_by` names a column no item has a value in.
    case noSliceValues(column: String)
    /// The encoder folder is missing or broken.
    case encoder(String)
    /// The lexicons were found but do not load.
    case lexicons(String)

    public var description: String {
        switch self {
        case .noEmbeddings(let encoder?):
            return "no embeddings for encoder '\(encoder)': run `opine embed` (or `opine embed --import`) first"
        case .noEmbeddings(nil):
            return "no embeddings yet: run `opine embed` (or `opine embed --import FILE.npy --ids FILE`)"
        case .tooFewLabels(let parts):
            return "too few gold labels in the train split to train: " + parts.joined(separator: ", ")
                + ". Label more items (`opine next`), or adjudicate disputed ones."
        case .devSplitTooSmall(let items, let labels):
            return "[train] dev_split = \"select\" needs a dev split with two or more labels; it has \(items) gold "
                + "item\(items == 1 ? "" : "s") with \(labels) label\(labels == 1 ? "" : "s") (use \"auto\", or label more dev items)"
        case .damagedRun(let id, let part, let reason):
            return "run \(id) is damaged: its \(part) cannot be read (\(reason))"
        case .runWithoutModel(let id):
            return "run \(id) was read without its weights"
        case .noSuchRun(let id):
            return "no run \(id): see `opine runs`"
        case .noSliceValues(let column):
            return "no item has a value in '\(column)': reweigh by lang, split or a metadata column the items have (opine slices lists them)"
        case .noRuns:
            return "no runs yet: `opine train` first"
        case .encoder(let message), .lexicons(let message):
            return message
        }
    }
}
