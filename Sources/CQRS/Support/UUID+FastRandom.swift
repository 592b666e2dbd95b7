import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension UUID {
    /// A random (version 4) UUID drawn from a buffered system random source.
    ///
    /// `UUID()` asks the system for randomness once per identifier, which on Linux costs
    /// microseconds; this takes 16 bytes from a buffer refilled from the same source 4 KiB at a time.
    /// The runtime uses it for command and event identifiers.
    ///
    /// ```swift
    /// let commandID = UUID.fastRandom()
    /// ```
    public static func fastRandom() -> UUID {
        var uuid = RandomBytePool.shared.next16()
        uuid.6 = (uuid.6 & 0x0F) | 0x40
        uuid.8 = (uuid.8 & 0x3F) | 0x80
        return UUID(uuid: uuid)
    }
}

/// Random bytes from the system source, fetched in large blocks.
private final class RandomBytePool: Sendable {
    static let shared = RandomBytePool()

    private struct Buffer {
        var words: [UInt64] = Array(repeating: 0, count: 512)
        var next = 512
    }

    private let buffer = Mutex(Buffer())

    func next16() -> uuid_t {
        let (a, b) = buffer.withLock { buffer -> (UInt64, UInt64) in
            if buffer.next + 2 > buffer.words.count {
                Self.fill(&buffer.words)
                buffer.next = 0
            }
            defer { buffer.next += 2 }
            return (buffer.words[buffer.next], buffer.words[buffer.next + 1])
        }
        return withUnsafeBytes(of: (a, b)) { bytes in
            (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            )
        }
    }

    private static func fill(_ words: inout [UInt64]) {
        #if canImport(Darwin)
            words.withUnsafeMutableBytes { arc4random_buf($0.baseAddress!, $0.count) }
            return
        #elseif canImport(Glibc) || canImport(Musl)
            let filled = words.withUnsafeMutableBytes { bytes -> Bool in
                let descriptor = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
                guard descriptor >= 0 else { return false }
                defer { close(descriptor) }
                var offset = 0
                while offset < bytes.count {
                    let count = read(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                    if count <= 0 { return false }
                    offset += count
                }
                return true
            }
            if filled { return }
        #endif
        var generator = SystemRandomNumberGenerator()
        for index in words.indices { words[index] = generator.next() }
    }
}
