#if canImport(Glibc)
    import Glibc
#endif

/// A real HTTP/1.1 server on 127.0.0.1 (an ephemeral port) that answers each request by a script:
/// a status, a delay past the client's timeout, or a dropped connection. Records every request.
///
/// ```swift
/// let server = try ScriptedHTTPServer([.status(500), .status(200)])
/// // POST to server.url ...
/// #expect(server.requests.count == 2)
/// ```
public final class ScriptedHTTPServer: @unchecked Sendable {
    /// What the server does with one request.
    public enum Behaviour: Sendable {
        /// Reads the whole request, answers with this status.
        case status(Int)
        /// Reads the whole request, waits, then answers 200 (too late for a client with a shorter timeout).
        case sleep(seconds: Double)
        /// Reads part of the request (the header's first bytes), then closes the connection.
        case dropMidRequest
    }

    /// One request as received (complete, or as much as was read before dropping).
    public struct Request: Sendable {
        public var method: String
        public var path: String
        /// Header names lower-cased.
        public var headers: [String: String]
        public var body: [UInt8]
        public var complete: Bool
    }

    /// `http://127.0.0.1:PORT/hook`.
    public let url: String
    public let port: Int
    private let listener: Int32
    private var script: [Behaviour]
    /// What to do once the script is used up.
    private let otherwise: Behaviour
    private var received: [Request] = []
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var thread: pthread_t?

    /// Starts listening and serving in a thread of its own.
    public init(_ script: [Behaviour], otherwise: Behaviour = .status(200)) throws {
        self.script = script
        self.otherwise = otherwise
        pthread_mutex_init(lock, nil)
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw -> Int32 in
                guard bind(listener, raw, length) == 0, listen(listener, 16) == 0 else { return -1 }
                return getsockname(listener, raw, &length)
            }
        }
        guard bound == 0 else {
            throw ServerError(message: "cannot listen: \(String(cString: strerror(errno)))")
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        url = "http://127.0.0.1:\(port)/hook"
        let box = Unmanaged.passRetained(self).toOpaque()
        var handle = pthread_t()
        pthread_create(
            &handle, nil,
            { raw in
                let server = Unmanaged<ScriptedHTTPServer>.fromOpaque(raw!).takeRetainedValue()
                server.serve()
                return nil
            }, box)
        thread = handle
    }

    /// An error starting the server.
    public struct ServerError: Error { public var message: String }

    /// Every request so far, in arrival order.
    public var requests: [Request] {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return received
    }

    /// Stops accepting; connections in progress finish.
    public func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        if let thread { pthread_join(thread, nil) }
        thread = nil
    }

    private func next() -> Behaviour {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return script.isEmpty ? otherwise : script.removeFirst()
    }

    private func record(_ request: Request) {
        pthread_mutex_lock(lock)
        received.append(request)
        pthread_mutex_unlock(lock)
    }

    private func serve() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 { if errno == EINTR { continue }; return }
            handle(connection, next())
            close(connection)
        }
    }

    private func handle(_ fd: Int32, _ behaviour: Behaviour) {
        if case .dropMidRequest = behaviour {
            var buffer = [UInt8](repeating: 0, count: 10)
            _ = recv(fd, &buffer, 10, 0)  // part of the request line, then hang up
            record(Request(method: "", path: "", headers: [:], body: [], complete: false))
            return
        }
        guard let request = readRequest(fd) else { return }
        record(request)
        var status = 200
        switch behaviour {
        case .status(let code): status = code
        case .sleep(let seconds): usleep(UInt32(seconds * 1_000_000))
        case .dropMidRequest: break
        }
        let body = "{\"ok\": \(status < 300)}"
        let answer =
            "HTTP/1.1 \(status) Scripted\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        _ = answer.withCString { send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
    }

    private func readRequest(_ fd: Int32) -> Request? {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 8192)
        var headerEnd: Int?
        var contentLength = 0
        while headerEnd == nil || data.count < headerEnd! + contentLength {
            let count = recv(fd, &buffer, buffer.count, 0)
            guard count > 0 else { return nil }
            data += buffer[0..<count]
            if headerEnd == nil, let end = ScriptedHTTPServer.find(data) {
                headerEnd = end
                contentLength =
                    Int(ScriptedHTTPServer.headers(data[0..<end])["content-length"] ?? "0") ?? 0
            }
        }
        let head = data[0..<headerEnd!]
        let requestLine = String(decoding: head, as: UTF8.self).prefix { $0 != "\r" }.split(
            separator: " ")
        return Request(
            method: requestLine.first.map(String.init) ?? "",
            path: requestLine.dropFirst().first.map(String.init) ?? "",
            headers: ScriptedHTTPServer.headers(head), body: Array(data[headerEnd!...]),
            complete: true)
    }

    static func find(_ data: [UInt8]) -> Int? {
        guard data.count >= 4 else { return nil }
        return (0...(data.count - 4)).first {
            data[$0] == 13 && data[$0 + 1] == 10 && data[$0 + 2] == 13 && data[$0 + 3] == 10
        }.map { $0 + 4 }
    }

    static func headers(_ head: ArraySlice<UInt8>) -> [String: String] {
        var headers: [String: String] = [:]
        for line in String(decoding: head, as: UTF8.self).split(separator: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...]
                .trimmingCharacters(in: " ")
        }
        return headers
    }
}

extension Substring {
    func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
