public enum AnnotationStoreError: Error, CustomStringConvertible, Equatable {
    case unknownItem(String)
    case unknownAnnotator(String)
    case notALead(String)
    case overlapReached(item: String, overlap: Int)
    case conflictingText(file: String, line: Int, id: String)
    case invalidRow(file: String, line: Int, reason: String)
    case cannotOpen(path: String, reason: String)

    public var description: String {
        switch self {
        case .unknownItem(let id):
            return "no item with id '\(id)' in this project"
        case .unknownAnnotator(let name):
            return "unknown annotator '\(name)': add them to [[annotators]] in opine.toml"
        case .notALead(let name):
            return "'\(name)' is not a lead: only annotators with role = \"lead\" in opine.toml can adjudicate"
        case .overlapReached(let item, let overlap):
            return "item '\(item)' already has \(overlap) annotators' labels (overlap = \(overlap)); ask `opine next` for another item"
        case .conflictingText(let file, let line, let id):
            return "\(file):\(line): id '\(id)' is already in the project with a different text"
        case .invalidRow(let file, let line, let reason):
            return "\(file):\(line): \(reason)"
        case .cannotOpen(let path, let reason):
            return "cannot open the project database \(path): \(reason)"
        }
    }
}
