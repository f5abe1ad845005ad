import Foundation

/// Where a project's PostgreSQL store is: `postgres://user@host:5432/db` (`[store] url`,
/// `--database URL` or `OPINE_DATABASE_URL`). The password is never part of what Opine prints:
/// it comes from the URL, `PGPASSWORD`, or `PGPASSFILE` / `~/.pgpass` (PostgreSQL's own rules).
public struct ServerAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var database: String
    var password: String?

    /// Parses a `postgres://` or `postgresql://` URL; the error names what is wrong with it,
    /// without the password.
    public init(url text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw AnnotationStoreError.badServerURL(Self.redacted(text), reason: "not a URL such as postgres://user@host:5432/database")
        }
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw AnnotationStoreError.badServerURL(Self.redacted(text), reason: "the scheme must be postgres:// (got \(scheme)://)")
        }
        guard let host = components.host, !host.isEmpty else {
            throw AnnotationStoreError.badServerURL(Self.redacted(text), reason: "no host")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw AnnotationStoreError.badServerURL(Self.redacted(text), reason: "no database name after the host (…:5432/DATABASE)")
        }
        if let port = components.port, !(1...65535).contains(port) {
            throw AnnotationStoreError.badServerURL(Self.redacted(text), reason: "port \(port) is out of range")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.user = components.user ?? environment["PGUSER"] ?? environment["USER"] ?? "postgres"
        self.database = database
        self.password = components.password ?? environment["PGPASSWORD"]
            ?? Self.passwordFile(environment).flatMap { Self.lookUp(in: $0, host: host, port: self.port, database: database, user: self.user) }
    }

    /// The URL without its password: what errors and logs show.
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "…"
        return components.string ?? "(the URL)"
    }

    static func passwordFile(_ environment: [String: String]) -> URL? {
        if let path = environment["PGPASSFILE"], !path.isEmpty { return URL(fileURLWithPath: path) }
        guard let home = environment["HOME"] else { return nil }
        return URL(fileURLWithPath: home).appendingPathComponent(".pgpass")
    }

    /// The first matching `host:port:database:user:password` line (`*` matches anything;
    /// `\:` and `\\` are escapes), as libpq reads the file.
    static func lookUp(in file: URL, host: String, port: Int, database: String, user: String) -> String? {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return nil }
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            var fields: [String] = [""]
            var escaped = false
            for character in line {
                if escaped {
                    fields[fields.count - 1].append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == ":" && fields.count < 5 {
                    fields.append("")
                } else {
                    fields[fields.count - 1].append(character)
                }
            }
            guard fields.count == 5 else { continue }
            let wanted = [host, String(port), database, user]
            if zip(fields, wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }
}
