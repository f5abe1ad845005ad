import AnnotationStore
import ArgumentParser
import Foundation
import ModelLoop
import Workflow

/// Exit codes from sysexits.h, so scripts can tell bad input from a busy item.
enum ExitStatus {
    static let dataError = ExitCode(65)
    static let noInput = ExitCode(66)
    static let cannotCreate = ExitCode(73)
    static let tryAgain = ExitCode(75)
}

enum Output {
    /// Prints `value` as JSON on stdout (sorted keys; one line when `compact`).
    static func json<T: Encodable>(_ value: T, compact: Bool = false) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = compact ? [.sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        guard let data = try? encoder.encode(value) else { return }
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }

    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data(("error: " + text + "\n").utf8))
    }

    /// User text made safe to print: control characters (ESC, BEL, C1 codes…) are shown as
    /// visible symbols instead of being sent to the terminal, so a pasted escape sequence can
    /// never recolour, move or retitle the user's terminal.
    static func visible(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: out.append(contentsOf: "⏎".unicodeScalars)
            case 0x09: out.append(contentsOf: "⇥".unicodeScalars)
            case 0x00..<0x20: out.append(Unicode.Scalar(0x2400 + scalar.value) ?? "?")  // ␀…␟, ␛ for ESC
            case 0x7F: out.append("\u{2421}")  // ␡
            case 0x80..<0xA0: out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16))}".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}

/// A command's own refusal (no embeddings yet, no such run, a broken model or lexicon): one
/// sentence for the user, exit 65.
struct CommandError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Runs a command body, turning the errors users can cause into one clear line and an exit code.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as WorkflowError {
        Output.error(error.description)
        switch error {
        case .projectNotFound, .unreadableFile: throw ExitStatus.noInput
        case .outputExists: throw ExitStatus.cannotCreate
        default: throw ExitStatus.dataError
        }
    } catch let error as AnnotationStoreError {
        Output.error(error.description)
        switch error {
        case .overlapReached: throw ExitStatus.tryAgain
        case .cannotOpen, .cannotConnect, .authenticationFailed: throw ExitStatus.noInput
        default: throw ExitStatus.dataError
        }
    } catch let error as ModelLoopError {
        Output.error(error.description)
        throw ExitStatus.dataError
    } catch let error as CommandError {
        Output.error(error.description)
        throw ExitStatus.dataError
    } catch let error as ExitCode {
        throw error
    } catch {
        Output.error(String(describing: error))
        throw ExitCode.failure
    }
}
