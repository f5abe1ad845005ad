public enum AnnotationStoreError: Error, CustomStringConvertible, Equatable {
    case unknownItem(String)
    case unknownAnnotator(String)
    case notALead(String)
    case overlapReached(item: String, overlap: Int)
    case conflictingText(file: String, line: Int, id: String)
    case invalidRow(file: String, line: Int, reason: String)
    case cannotOpen(path: String, reason: String)
    /// A server store's URL that cannot be used (the password left out).
    case badServerURL(String, reason: String)
    /// The server could not be reached (refused, unknown host, timed out).
    case cannotConnect(server: String, reason: String)
    /// The server refused the user's password (or asked for one that was not given).
    case authenticationFailed(server: String, reason: String)
    /// The server's Opine schema is newer than this Opine knows.
    case schemaTooNew(server: String, found: Int, known: Int)
    /// The server's database holds another project.
    case otherProject(server: String, found: String, expected: String)
    /// A copy's destination already holds a project (its row counts).
    case destinationNotEmpty(String)
    /// A copy's loaded rows differ from what was read (rolled back).
    case copyCountsDiffer(expected: String, found: String)
    /// The destination of a copy refused a row (a rule of its schema); nothing was copied.
    case loadRefused(String)
    /// Anything else the server said.
    case server(String)

    public var description: String {
        switch self {
        case .unknownItem(let id):
            return "no item with id '\(id)' in this project"
        case .unknownAnnotator(let name):
            return "unknown annotator '\(name)': add them to [[annotators]] in opine.toml"
        case .notALead(let name):
            return "'\(name)' is not a lead: only annotators with role = \"lead\" in opine.toml can adjudicate"
        case .overlapReached(let item, let overlap):
            return "item '\(item)' already has \(overlap) annotators (their labels, or the item handed out to them; overlap = \(overlap)); ask `opine next` for another item"
        case .conflictingText(let file, let line, let id):
            return "\(file):\(line): id '\(id)' is already in the project with a different text"
        case .invalidRow(let file, let line, let reason):
            return "\(file):\(line): \(reason)"
        case .cannotOpen(let path, let reason):
            return "cannot open the project database \(path): \(reason)"
        case .badServerURL(let url, let reason):
            return "the database URL \(url) cannot be used: \(reason)"
        case .cannotConnect(let server, let reason):
            return "cannot connect to \(server): \(reason)"
        case .authenticationFailed(let server, let reason):
            return "\(server) refused the login: \(reason) (the password comes from the URL, PGPASSWORD, or PGPASSFILE / ~/.pgpass)"
        case .schemaTooNew(let server, let found, let known):
            return "\(server) holds an Opine schema of version \(found); this Opine knows up to \(known): upgrade Opine"
        case .otherProject(let server, let found, let expected):
            return "\(server) holds the project '\(found)', not '\(expected)': point [store] url at this project's database"
        case .destinationNotEmpty(let counts):
            return "the destination already holds a project (\(counts)); copy into an empty database"
        case .copyCountsDiffer(let expected, let found):
            return "the copy was rolled back: the source has \(expected) rows but the destination received \(found)"
        case .loadRefused(let reason):
            return "the destination refused a row, so nothing was copied: \(reason)"
        case .server(let message):
            return "the database server says: \(message)"
        }
    }
}
