import Foundation
import Testing
@testable import Workflow

@Suite struct NumpyMatrixTests {
    /// The bytes numpy.save writes for a little-endian array (format version 1.0).
    func npy(descr: String, shape: String, payload: [UInt8]) -> [UInt8] {
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': (\(shape)), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        let length = header.utf8.count
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(header.utf8) + payload
    }

    func write(_ bytes: [UInt8]) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("opine-\(UUID().uuidString).npy")
        try Data(bytes).write(to: url)
        return url.path
    }

    @Test("float32 and float64 arrays load row-major as Float")
    func load() throws {
        let f32 = [Float(1.5), -2, 3, 4.25, 0, 6].flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) }
        let a = try NumpyMatrix.read(path: write(npy(descr: "<f4", shape: "2, 3", payload: f32)))
        #expect(a == NumpyMatrix(rows: 2, columns: 3, values: [1.5, -2, 3, 4.25, 0, 6]))
        let f64 = [0.5, 2.0].flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) }
        let b = try NumpyMatrix.read(path: write(npy(descr: "<f8", shape: "1, 2", payload: f64)))
        #expect(b.values == [0.5, 2])
    }

    @Test("wrong dtype, wrong rank, short data and a missing magic are clear errors")
    func errors() throws {
        #expect(throws: WorkflowError.self) { try NumpyMatrix.read(path: write(npy(descr: "<i4", shape: "1, 1", payload: [0, 0, 0, 0]))) }
        #expect(throws: WorkflowError.self) { try NumpyMatrix.read(path: write(npy(descr: "<f4", shape: "4,", payload: Array(repeating: 0, count: 16)))) }
        #expect(throws: WorkflowError.self) { try NumpyMatrix.read(path: write(npy(descr: "<f4", shape: "2, 2", payload: Array(repeating: 0, count: 12)))) }
        #expect(throws: WorkflowError.self) { try NumpyMatrix.read(path: write(Array("not numpy".utf8))) }
    }
}
