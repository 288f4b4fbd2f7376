import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

/// Passes chunks to `sink` on a thread of its own, so that making the next chunk and writing
/// the last one (for a file, a copy into the kernel's page cache) run at the same time on two
/// cores. Three chunk buffers circulate and are reused, so writing allocates nothing after the
/// start. The sink sees the chunks in order; its first error ends the writing and is thrown by
/// `finish`.
final class BackgroundWriter: @unchecked Sendable {
    private static let depth = 3
    private let sink: (UnsafeRawBufferPointer) throws -> Void
    private let slots: UnsafeMutableBufferPointer<[UInt8]>
    private let last: UnsafeMutableBufferPointer<Bool>
    /// Both start at 0: libdispatch traps when a semaphore ends below its initial value.
    private let free = DispatchSemaphore(value: 0)
    private let ready = DispatchSemaphore(value: 0)
    /// Producer side only.
    private var sent = 0
    /// Writer thread only until `finish` has joined it.
    private var failure: (any Error)?
    private var thread: pthread_t?

    /// Starts the writer thread; `capacity` is what each chunk buffer reserves.
    init(capacity: Int, sink: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.sink = sink
        slots = .allocate(capacity: Self.depth)
        slots.initialize(repeating: [])
        for k in 0..<Self.depth { slots[k].reserveCapacity(capacity) }
        last = .allocate(capacity: Self.depth)
        last.initialize(repeating: false)
        for _ in 0..<Self.depth { free.signal() }
        var handle = pthread_t()
        let started = pthread_create(
            &handle, nil,
            { raw in
                Unmanaged<BackgroundWriter>.fromOpaque(raw!).takeRetainedValue().drain()
                return nil
            }, Unmanaged.passRetained(self).toOpaque())
        thread = started == 0 ? handle : nil
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
        last.deallocate()
    }

    /// Hands over `chunk`'s bytes; `chunk` comes back empty, holding a used buffer's capacity.
    func send(_ chunk: inout [UInt8]) throws {
        guard thread != nil else {
            try chunk.withUnsafeBytes { try sink($0) }
            chunk.removeAll(keepingCapacity: true)
            return
        }
        free.wait()
        swap(&chunk, &slots[sent % Self.depth])
        last[sent % Self.depth] = false
        sent += 1
        ready.signal()
    }

    /// Waits until every chunk is written; throws the sink's first error.
    func finish() throws {
        if let thread {
            free.wait()
            last[sent % Self.depth] = true
            ready.signal()
            pthread_join(thread, nil)
            self.thread = nil
        }
        if let failure { throw failure }
    }

    private func drain() {
        var taken = 0
        while true {
            ready.wait()
            let slot = taken % Self.depth
            if last[slot] { return }
            if failure == nil {
                do { try slots[slot].withUnsafeBytes { try sink($0) } } catch { failure = error }
            }
            slots[slot].removeAll(keepingCapacity: true)
            taken += 1
            free.signal()
        }
    }
}
