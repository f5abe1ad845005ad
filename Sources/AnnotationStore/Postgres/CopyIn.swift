import Dispatch
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// `COPY … FROM STDIN` from the store's synchronous code.
///
/// postgres-nio offers COPY only as an `async` call. Waiting for a task from a thread of Swift's
/// cooperative pool can starve that pool (it has one thread per core, and the tests run on it):
/// a first attempt at a COPY bridge deadlocked there. The task here prefers an executor of its
/// own, a serial dispatch queue, so neither its body nor the continuations that postgres-nio
/// resumes on the event loop ever need a cooperative thread.
enum CopyIn {
    /// Rows are sent to the server in pieces of about this many bytes: the server parses one
    /// while the next is encoded.
    static let pieceBytes = 1 << 20

    /// Runs `COPY table(columns) FROM STDIN` (text format) on `connection`, inside the caller's transaction.
    /// `produce` appends rows (tab-separated, newline-ended, fields escaped with `field`) to the
    /// buffer and returns false once it has no more; an error it throws cancels the COPY and is
    /// rethrown, as is the server's.
    static func run(
        _ connection: PostgresConnection, table: String, columns: [String], logger: Logger,
        produce: @escaping (inout ByteBuffer) throws -> Bool
    ) throws {
        let work = Work(produce: produce)
        let done = DispatchSemaphore(value: 0)
        let copy: @Sendable () async -> Void = {
            do {
                try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                    var buffer = ByteBuffer()
                    buffer.reserveCapacity(pieceBytes + pieceBytes / 4)
                    while try work.produce(&buffer) {
                        if buffer.readableBytes >= pieceBytes {
                            try await writer.write(buffer)
                            buffer.clear()
                        }
                    }
                    if buffer.readableBytes > 0 { try await writer.write(buffer) }
                }
                work.result = .success(())
            } catch {
                work.result = .failure(error)
            }
            done.signal()
        }
        if #available(macOS 15.0, *) {
            Task(executorPreference: QueueExecutor.shared, operation: copy)
        } else {
            Task.detached(operation: copy)
        }
        // postgres-nio does not always answer a COPY whose connection closed while it waited for
        // the server to take more data: a closed connection ends the wait, and the store's
        // transaction opens a new one and tries again.
        while done.wait(timeout: .now() + .milliseconds(200)) == .timedOut {
            if connection.isClosed { throw ConnectionLost() }
        }
        try work.result?.get()
    }

    struct ConnectionLost: Error, CustomStringConvertible {
        var description: String { "the connection closed during COPY" }
    }

    /// Appends `text` as one field of COPY's text format: backslash, tab, newline and carriage
    /// return escaped, everything else as its UTF-8 bytes.
    static func field(_ text: String, to buffer: inout ByteBuffer) {
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for index in 0..<bytes.count {
                let escaped: UInt8
                switch bytes[index] {
                case UInt8(ascii: "\\"): escaped = UInt8(ascii: "\\")
                case UInt8(ascii: "\t"): escaped = UInt8(ascii: "t")
                case UInt8(ascii: "\n"): escaped = UInt8(ascii: "n")
                case UInt8(ascii: "\r"): escaped = UInt8(ascii: "r")
                default: continue
                }
                buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<index])))
                buffer.writeInteger(UInt8(ascii: "\\"))
                buffer.writeInteger(escaped)
                start = index + 1
            }
            buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start...])))
        }
    }

    /// COPY's NULL in the text format.
    static let null = "\\N"

    /// The producer and the outcome, handed between the waiting thread and the task. Only one
    /// of them touches it at a time: the thread reads it once the semaphore says the task is
    /// done, and not at all after giving up on a closed connection.
    private final class Work: @unchecked Sendable {
        let produce: (inout ByteBuffer) throws -> Bool
        var result: Result<Void, Error>?
        init(produce: @escaping (inout ByteBuffer) throws -> Bool) { self.produce = produce }
    }
}

/// A task executor on a serial dispatch queue (see `CopyIn`).
@available(macOS 15.0, *)
final class QueueExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = QueueExecutor()
    private let queue = DispatchQueue(label: "opine.postgres.copy")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
