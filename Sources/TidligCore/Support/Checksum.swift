import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

/// XXH64 (Yann Collet's 64-bit xxHash): a checksum of hundreds of MB in tens of milliseconds,
/// for catching a snapshot that was truncated, bit-flipped or half-written. Not a defence
/// against a forger: a snapshot is checked field by field as well.
enum Checksum {
    private static let p1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let p3: UInt64 = 0x1656_67B1_9E37_79F9
    private static let p4: UInt64 = 0x85EB_CA77_C2B2_AE63
    private static let p5: UInt64 = 0x27D4_EB2F_1656_67C5

    @inline(__always) private static func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 {
        (x << r) | (x >> (64 - r))
    }

    @inline(__always) private static func round(_ acc: UInt64, _ input: UInt64) -> UInt64 {
        rotl(acc &+ input &* p2, 31) &* p1
    }

    @inline(__always) private static func merge(_ acc: UInt64, _ value: UInt64) -> UInt64 {
        (acc ^ round(0, value)) &* p1 &+ p4
    }

    /// XXH64 of `bytes` with `seed`.
    static func xxh64(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        let n = bytes.count
        var h: UInt64
        var i = 0
        guard let p = bytes.baseAddress, n > 0 else { return finish(seed &+ p5) }
        if n >= 32 {
            var v1 = seed &+ p1 &+ p2
            var v2 = seed &+ p2
            var v3 = seed
            var v4 = seed &- p1
            while i + 32 <= n {
                v1 = round(v1, p.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                v2 = round(v2, p.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self))
                v3 = round(v3, p.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self))
                v4 = round(v4, p.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self))
                i += 32
            }
            h = rotl(v1, 1) &+ rotl(v2, 7) &+ rotl(v3, 12) &+ rotl(v4, 18)
            h = merge(merge(merge(merge(h, v1), v2), v3), v4)
        } else {
            h = seed &+ p5
        }
        h = h &+ UInt64(n)
        while i + 8 <= n {
            h ^= round(0, p.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            h = rotl(h, 27) &* p1 &+ p4
            i += 8
        }
        if i + 4 <= n {
            h ^= UInt64(p.loadUnaligned(fromByteOffset: i, as: UInt32.self)) &* p1
            h = rotl(h, 23) &* p2 &+ p3
            i += 4
        }
        while i < n {
            h ^= UInt64(p.load(fromByteOffset: i, as: UInt8.self)) &* p5
            h = rotl(h, 11) &* p1
            i += 1
        }
        return finish(h)
    }

    @inline(__always) private static func finish(_ value: UInt64) -> UInt64 {
        var h = value
        h ^= h >> 33
        h = h &* p2
        h ^= h >> 29
        h = h &* p3
        h ^= h >> 32
        return h
    }

    /// The size of the blocks `blocks(_:)` hashes one by one (1 MiB).
    static let blockSize = 1 << 20

    /// The checksum of `bytes` in `blockSize` blocks: each block's XXH64 (seeded with its
    /// number), then the XXH64 of those. Blocks are hashed on every core.
    static func blocks(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let count = (bytes.count + blockSize - 1) / blockSize
        var hashes = [UInt64](repeating: 0, count: count)
        let parts = count >= 16 ? max(1, min(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 8)) : 1
        hashes.withUnsafeMutableBufferPointer { out in
            let out = PartShare(out)
            let input = PartShare(bytes)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                var block = part * count / parts
                while block < (part + 1) * count / parts {
                    let lower = block * blockSize
                    let upper = min(input.value.count, lower + blockSize)
                    out.value[block] = xxh64(
                        UnsafeRawBufferPointer(rebasing: input.value[lower..<upper]),
                        seed: UInt64(block))
                    block += 1
                }
            }
        }
        return hashes.withUnsafeBytes { xxh64($0, seed: UInt64(bytes.count)) }
    }

    /// Hashes bytes as they are written, in the same blocks as `blocks(_:)`.
    struct Stream {
        private(set) var hashes: [UInt64] = []
        private(set) var total = 0

        /// Adds one whole block (the last may be shorter).
        mutating func add(block: UnsafeRawBufferPointer) {
            hashes.append(xxh64(block, seed: UInt64(hashes.count)))
            total += block.count
        }

        /// The checksum of everything added, equal to `blocks(_:)` of the same bytes.
        var value: UInt64 { hashes.withUnsafeBytes { xxh64($0, seed: UInt64(total)) } }
    }
}

/// A value handed to `concurrentPerform`'s parts, each of which touches only its own share.
struct PartShare<Shared>: @unchecked Sendable {
    var value: Shared
    init(_ value: Shared) { self.value = value }
}
