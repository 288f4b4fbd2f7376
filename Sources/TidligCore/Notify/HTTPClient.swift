#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 client over POSIX sockets: one POST per connection (`Connection: close`),
/// one deadline for the whole exchange (connect, send, receive), plain `http://` only.
public enum HTTPClient {
    /// Why an exchange did not produce a response.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// The deadline passed (while connecting, sending, or waiting for the answer).
        case timeout(String)
        /// Could not resolve or connect, or the connection broke while sending.
        case connection(String)
        /// The server closed the connection before a complete response.
        case dropped(String)
        /// The answer was not HTTP.
        case malformed(String)

        public var description: String {
            switch self {
            case .timeout(let s): "timeout \(s)"
            case .connection(let s): "connection failed: \(s)"
            case .dropped(let s): "connection dropped \(s)"
            case .malformed(let s): "malformed response: \(s)"
            }
        }
    }

    /// An `http://host[:port]/path` address.
    public struct Address: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var path: String

        /// Parses `http://host[:port][/path]`; nil for anything else (https included).
        public init?(_ url: String) {
            guard url.hasPrefix("http://") else { return nil }
            let rest = url.dropFirst(7)
            let slash = rest.firstIndex(of: "/") ?? rest.endIndex
            let authority = rest[..<slash]
            path = slash == rest.endIndex ? "/" : String(rest[slash...])
            if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
                guard let port = Int(authority[authority.index(after: colon)...]), (1...65535).contains(port) else { return nil }
                host = String(authority[..<colon])
                self.port = port
            } else {
                host = String(authority)
                port = 80
            }
            if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            guard !host.isEmpty else { return nil }
        }

        /// True for addresses that never leave the machine.
        public var isLoopback: Bool { host == "localhost" || host.hasPrefix("127.") || host == "::1" }
    }

    /// A status code and the body's text.
    public struct Response: Sendable {
        public var status: Int
        public var body: String
    }

    /// POSTs `body` to `address` with `headers`, within `timeout` seconds in all.
    public static func post(_ address: Address, headers: [(String, String)], body: [UInt8],
                            timeout: Double) throws(Failure) -> Response {
        let deadline = monotonicSeconds() + timeout
        let fd = try connect(address, deadline: deadline)
        defer { close(fd) }
        var request = "POST \(address.path) HTTP/1.1\r\nHost: \(address.host):\(address.port)\r\n"
        request += "Content-Length: \(body.count)\r\nConnection: close\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        try send(fd, Array((request + "\r\n").utf8) + body, deadline: deadline)
        return try parse(try receive(fd, deadline: deadline))
    }

    static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// Waits until `fd` is ready for `events` or the deadline passes.
    static func wait(_ fd: Int32, _ events: Int16, deadline: Double, doing: String) throws(Failure) {
        while true {
            let left = deadline - monotonicSeconds()
            guard left > 0 else { throw .timeout(doing) }
            var entry = pollfd(fd: fd, events: events, revents: 0)
            let ready = poll(&entry, 1, Int32(min(left * 1000, 3_600_000).rounded(.up)))
            if ready > 0 { return }
            if ready < 0 && errno != EINTR { throw .connection("poll: \(String(cString: strerror(errno)))") }
        }
    }

    static func connect(_ address: Address, deadline: Double) throws(Failure) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(address.host, String(address.port), &hints, &list)
        guard status == 0, let first = list else { throw .connection("cannot resolve \(address.host)") }
        defer { freeaddrinfo(list) }
        let fd = socket(first.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .connection("socket: \(String(cString: strerror(errno)))") }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        if Glibc.connect(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) != 0 {
            guard errno == EINPROGRESS else {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw .connection("\(address.host):\(address.port): \(reason)")
            }
            do { try wait(fd, Int16(POLLOUT), deadline: deadline, doing: "connecting") } catch { close(fd); throw error }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
            guard error == 0 else {
                close(fd)
                throw .connection("\(address.host):\(address.port): \(String(cString: strerror(error)))")
            }
        }
        return fd
    }

    static func send(_ fd: Int32, _ bytes: [UInt8], deadline: Double) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent >= 0 { offset += sent; continue }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: try wait(fd, Int16(POLLOUT), deadline: deadline, doing: "sending the request")
            default: throw .dropped("while sending the request (\(String(cString: strerror(errno))))")
            }
        }
    }

    /// Reads until the response is complete: `Content-Length` bytes of body, or the end of the connection.
    static func receive(_ fd: Int32, deadline: Double) throws(Failure) -> [UInt8] {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            if let expected = expectedLength(data), data.count >= expected { return data }
            try wait(fd, Int16(POLLIN), deadline: deadline, doing: "waiting for the response")
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
            if count > 0 { data += buffer[0..<count]; continue }
            if count == 0 {
                if headerEnd(data) != nil, expectedLength(data) == nil { return data }
                throw .dropped(data.isEmpty ? "before any response" : "in the middle of the response")
            }
            if errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK { continue }
            throw .dropped("while waiting for the response (\(String(cString: strerror(errno))))")
        }
    }

    static func headerEnd(_ data: [UInt8]) -> Int? {
        guard data.count >= 4 else { return nil }
        for i in 0...(data.count - 4) where data[i] == 13 && data[i + 1] == 10 && data[i + 2] == 13 && data[i + 3] == 10 {
            return i + 4
        }
        return nil
    }

    /// Header plus body length, once the header is in and names a `Content-Length`.
    static func expectedLength(_ data: [UInt8]) -> Int? {
        guard let end = headerEnd(data) else { return nil }
        let header = String(decoding: data[0..<end], as: UTF8.self).lowercased()
        for line in header.split(separator: "\r\n") where line.hasPrefix("content-length:") {
            return Int(line.dropFirst(15).trimmingPrefix(" ")).map { end + $0 }
        }
        return nil
    }

    static func parse(_ data: [UInt8]) throws(Failure) -> Response {
        guard let end = headerEnd(data) else { throw .malformed("no header") }
        let statusLine = String(decoding: data[0..<end], as: UTF8.self).prefix { $0 != "\r" }
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]), (100...599).contains(status) else {
            throw .malformed("status line '\(statusLine.prefix(60))'")
        }
        return Response(status: status, body: String(decoding: data[end...], as: UTF8.self))
    }
}
