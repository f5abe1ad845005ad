import Foundation
import GRDB
import GRDBSQLite

/// A prepared INSERT that binds values straight through SQLite's C API. A bulk import runs
/// it a million times, where building `StatementArguments` per row costs more than SQLite's
/// own work. Used only inside a write transaction of `AppDatabase`.
struct FastInsert {
    enum Value {
        case text(String)
        case integer(Int64)
        case real(Double)
        case blob(Data)
        case null
    }

    private let statement: Statement
    private let connection: OpaquePointer?

    init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        connection = db.sqliteConnection
    }

    /// Binds `values` to the statement's parameters in order, runs it, and resets it.
    func run(_ values: Value...) throws { try run(values) }

    func run(_ values: [Value]) throws {
        let handle = statement.sqliteStatement
        // SQLITE_TRANSIENT: SQLite copies the bytes, so the Swift string may go away.
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            switch value {
            case .text(var string):
                string.withUTF8 { bytes in
                    _ = sqlite3_bind_text(handle, index, bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                                          Int32(bytes.count), transient)
                }
            case .integer(let number):
                sqlite3_bind_int64(handle, index, number)
            case .real(let number):
                sqlite3_bind_double(handle, index, number)
            case .blob(let data):
                // An empty blob has no base address, which SQLite would take for NULL.
                if data.isEmpty {
                    sqlite3_bind_zeroblob(handle, index, 0)
                } else {
                    data.withUnsafeBytes { bytes in
                        _ = sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), transient)
                    }
                }
            case .null:
                sqlite3_bind_null(handle, index)
            }
        }
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else {
            let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "SQLite error \(code)"
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }
}
