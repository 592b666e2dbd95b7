#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a spec file's bytes with POSIX calls, telling apart the ways reading can fail.
enum SpecFile {
    /// What reading found.
    enum Contents {
        /// The file's bytes.
        case bytes([UInt8])
        /// The file is larger than the limit; it was not read.
        case tooLarge(size: Int)
    }

    /// Reads the file at `path`, unless it is larger than `limit` bytes.
    static func read(_ path: String, limit: Int) throws(SpecFileError) -> Contents {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw error(errno, path: path) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw error(errno, path: path) }
        if status.st_mode & S_IFMT == S_IFDIR { throw .isDirectory(path: path) }
        let size = Int(status.st_size)
        if size > limit { return .tooLarge(size: size) }
        // One byte more than the file's size (or the limit) shows whether it grew while being read.
        var bytes = [UInt8](repeating: 0, count: min(size, limit) + 1)
        var filled = 0
        while true {
            if filled == bytes.count {
                guard bytes.count <= limit else { return .tooLarge(size: filled) }
                bytes.append(contentsOf: repeatElement(0, count: min(bytes.count, limit + 1 - bytes.count)))
            }
            var failure: Int32 = 0
            let count = bytes.withUnsafeMutableBytes { buffer in
                let result = systemRead(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
                if result < 0 { failure = errno }
                return result
            }
            if count == 0 { break }
            if count < 0 {
                if failure == EINTR { continue }
                throw error(failure, path: path)
            }
            filled += count
        }
        bytes.removeLast(bytes.count - filled)
        return .bytes(bytes)
    }

    private static func error(_ code: Int32, path: String) -> SpecFileError {
        switch code {
        case ENOENT, ENOTDIR: .notFound(path: path)
        case EACCES, EPERM: .permissionDenied(path: path)
        case EISDIR: .isDirectory(path: path)
        default: .unreadable(path: path, reason: String(cString: strerror(code)))
        }
    }
}

/// The C library's `read`, which `SpecFile.read` would otherwise shadow.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
