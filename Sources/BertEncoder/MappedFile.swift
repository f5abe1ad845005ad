#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole file mapped read-only into memory, unmapped when the last reference goes. Weights
/// are copied out of it once at load, so only the pages being converted are ever resident.
final class MappedFile: @unchecked Sendable {
    let path: String
    /// The file's bytes; immutable for the life of the map.
    let bytes: UnsafeRawBufferPointer

    init(path: String) throws(BertEncoderError) {
        self.path = path
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT { throw .missingFile(path: path) }
            throw .unreadableFile(path: path, reason: String(cString: strerror(code)))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw .unreadableFile(path: path, reason: String(cString: strerror(errno)))
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw .unreadableFile(path: path, reason: "not a regular file")
        }
        let size = Int(status.st_size)
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let start = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0),
              start != UnsafeMutableRawPointer(bitPattern: -1)
        else {
            throw .unreadableFile(path: path, reason: String(cString: strerror(errno)))
        }
        bytes = UnsafeRawBufferPointer(start: start, count: size)
    }

    /// Tells the kernel the pages wholly inside `range` will not be read again soon, so a
    /// tensor converted to `Float` stops counting twice in resident memory. Reading them
    /// later is still valid: the pages come back from the file.
    func discard(_ range: Range<Int>) {
        guard let start = bytes.baseAddress, !range.isEmpty else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard page > 0 else { return }
        let first = (range.lowerBound + page - 1) / page * page
        let end = range.upperBound / page * page
        guard first < end else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: start + first), end - first, MADV_DONTNEED)
    }

    deinit {
        if let start = bytes.baseAddress {
            munmap(UnsafeMutableRawPointer(mutating: start), bytes.count)
        }
    }
}
