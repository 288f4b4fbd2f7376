#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Keeps a mapped file that shrinks while it is read from killing the process.
///
/// Touching a mapped page past the new end of a file raises SIGBUS. The handler checks that the
/// address lies in a mapping the loader watches, puts a zero page there (`MAP_FIXED`, anonymous),
/// marks the mapping and returns, so the parse goes on over zeros and stops at a syntax error;
/// the loader then sees the mark and reports that the file changed. A SIGBUS elsewhere gets the
/// handler that was there before (or the default, which ends the process as it always did).
/// Mapping stays as fast as before: nothing is copied.
enum TruncationGuard {
    private static let slots = 64
    /// Per slot: base address, end address, faulted (0 or 1). Written under `lock`, read by the
    /// handler without it (a slot is cleared before its memory is unmapped).
    nonisolated(unsafe) private static let table: UnsafeMutablePointer<Int> = {
        let table = UnsafeMutablePointer<Int>.allocate(capacity: slots * 3)
        table.initialize(repeating: 0, count: slots * 3)
        return table
    }()
    nonisolated(unsafe) private static let previous: UnsafeMutablePointer<sigaction> = {
        let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 1)
        previous.initialize(to: sigaction())
        return previous
    }()
    nonisolated(unsafe) private static var pageMask = 0
    nonisolated(unsafe) private static var installed = false
    nonisolated(unsafe) private static let lock: UnsafeMutablePointer<pthread_mutex_t> = {
        let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
        return lock
    }()

    /// Watches `[base, base + count)`; nil when every slot is taken (the mapping is then unguarded).
    static func watch(base: UnsafeMutableRawPointer, count: Int) -> Int? {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        if !installed { install() }
        for slot in 0..<slots where table[slot * 3] == 0 {
            table[slot * 3 + 2] = 0
            table[slot * 3 + 1] = Int(bitPattern: base) + count
            table[slot * 3] = Int(bitPattern: base)
            return slot
        }
        return nil
    }

    /// True when a page of the slot's mapping was past the end of its file.
    static func faulted(_ slot: Int) -> Bool { table[slot * 3 + 2] != 0 }

    /// Stops watching the slot (before its memory is unmapped).
    static func release(_ slot: Int) {
        pthread_mutex_lock(lock)
        table[slot * 3] = 0
        pthread_mutex_unlock(lock)
    }

    private static func install() {
        pageMask = ~(Int(sysconf(Int32(_SC_PAGESIZE))) - 1)
        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = handler
        action.sa_flags = SA_SIGINFO | SA_NODEFER
        sigemptyset(&action.sa_mask)
        sigaction(SIGBUS, &action, previous)
        installed = true
    }

    private static let handler:
        @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void =
            {
                _, info, _ in
                let address =
                    info.map { Int(bitPattern: $0.pointee._sifields._sigfault.si_addr) } ?? 0
                for slot in 0..<slots {
                    let base = table[slot * 3]
                    guard base != 0, address >= base, address < table[slot * 3 + 1] else {
                        continue
                    }
                    let page = UnsafeMutableRawPointer(bitPattern: address & pageMask)
                    _ = mmap(
                        page, ~pageMask + 1, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
                        0)
                    table[slot * 3 + 2] = 1
                    return
                }
                // Not a watched mapping: the previous disposition, and the fault happens again under it.
                sigaction(SIGBUS, previous, nil)
            }
}
