#if canImport(Glibc)
    import Glibc
#endif
import CCurl

/// One POST at a time through libcurl: HTTPS with the certificate and host name verified against
/// the system's trust store or a named CA file, plain HTTP to this machine only, no redirects,
/// no proxies from the environment, one deadline for the whole exchange.
///
/// (Foundation's URLSession on Linux is libcurl too, but offers no way to name a CA file.)
public enum HTTPClient {
    /// Why an exchange did not produce a response.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// The deadline passed (while connecting, sending, or waiting for the answer).
        case timeout(String)
        /// Could not resolve or connect.
        case connection(String)
        /// The server closed the connection before a complete response.
        case dropped(String)
        /// The answer was not HTTP.
        case malformed(String)
        /// The TLS handshake failed: an untrusted certificate, a wrong host name, no common protocol.
        case tls(String)

        public var description: String {
            switch self {
            case .timeout(let s): "timeout \(s)"
            case .connection(let s): "connection failed: \(s)"
            case .dropped(let s): "connection dropped \(s)"
            case .malformed(let s): "malformed response: \(s)"
            case .tls(let s): "TLS: \(s)"
            }
        }
    }

    /// An `https://host[:port]/path` or `http://host[:port]/path` address.
    public struct Address: Sendable, Equatable {
        public var secure: Bool
        public var host: String
        public var port: Int
        public var path: String

        /// Parses `https://` and `http://` addresses; nil for anything else.
        public init?(_ url: String) {
            let rest: Substring
            if url.hasPrefix("https://") {
                secure = true
                rest = url.dropFirst(8)
            } else if url.hasPrefix("http://") {
                secure = false
                rest = url.dropFirst(7)
            } else {
                return nil
            }
            let slash = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
            let authority = rest[..<slash]
            path = slash == rest.endIndex ? "/" : String(rest[slash...])
            guard !authority.contains("@"), !path.contains(where: { $0 == " " || $0.isNewline })
            else { return nil }
            if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
                guard let port = Int(authority[authority.index(after: colon)...]),
                    (1...65535).contains(port)
                else { return nil }
                host = String(authority[..<colon])
                self.port = port
            } else {
                host = String(authority)
                port = secure ? 443 : 80
            }
            if host.hasPrefix("[") && host.hasSuffix("]") {
                host = String(host.dropFirst().dropLast())
            }
            guard !host.isEmpty,
                host.allSatisfy({ $0.isLetter || $0.isNumber || "-.:_".contains($0) })
            else { return nil }
        }

        /// The URL as libcurl gets it.
        public var url: String {
            let name = host.contains(":") ? "[\(host)]" : host
            return "\(secure ? "https" : "http")://\(name):\(port)\(path)"
        }

        /// For plain HTTP: the loopback addresses `host` stands for, checked after resolution,
        /// or why it is refused. An address literal is checked as it is; `localhost` is resolved
        /// (from /etc/hosts) and every address must be loopback; any other name is refused
        /// without looking it up, so no lookup leaves the machine.
        public func loopbackAddresses() -> Result<[String], ChannelProblem> {
            let note =
                "plain http:// goes only to this machine (127.0.0.1, ::1, localhost); "
                + "give the receiver's https:// address"
            if let literal = HTTPClient.loopbackLiteral(host) {
                return literal
                    ? .success([host])
                    : .failure(
                        ChannelProblem(
                            message:
                                "\(host) is not this machine: a webhook elsewhere needs https://",
                            note: note))
            }
            guard host.lowercased() == "localhost" else {
                return .failure(
                    ChannelProblem(
                        message: "'\(host)' is a host name: plain http:// is only for "
                            + "loopback addresses, checked without a lookup", note: note))
            }
            var hints = addrinfo()
            hints.ai_family = AF_UNSPEC
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            hints.ai_flags = AI_NUMERICSERV
            var list: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo(host, String(port), &hints, &list) == 0, list != nil else {
                return .failure(ChannelProblem(message: "cannot resolve \(host)", note: note))
            }
            defer { freeaddrinfo(list) }
            var addresses: [String] = []
            var entry = list
            while let current = entry {
                var text = [CChar](repeating: 0, count: Int(NI_MAXHOST))
                if getnameinfo(
                    current.pointee.ai_addr, current.pointee.ai_addrlen, &text,
                    socklen_t(text.count), nil, 0,
                    NI_NUMERICHOST) == 0
                {
                    let address = String(
                        decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) },
                        as: UTF8.self)
                    guard HTTPClient.loopbackLiteral(address) == true else {
                        return .failure(
                            ChannelProblem(
                                message: "\(host) resolves to \(address), which is not this "
                                    + "machine", note: note))
                    }
                    if !addresses.contains(address) { addresses.append(address) }
                }
                entry = current.pointee.ai_next
            }
            return addresses.isEmpty
                ? .failure(ChannelProblem(message: "cannot resolve \(host)", note: note))
                : .success(addresses)
        }

        /// True when the host is this machine by its address alone (nothing looked up).
        public var isLoopback: Bool { HTTPClient.loopbackLiteral(host) == true }
    }

    /// For an address literal: whether it is loopback (127.0.0.0/8, ::1, ::ffff:127.x); nil for a name.
    static func loopbackLiteral(_ host: String) -> Bool? {
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return UInt32(bigEndian: v4.s_addr) >> 24 == 127 }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            let bytes = withUnsafeBytes(of: v6) { Array($0) }
            if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return true }
            return bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
                && bytes[12] == 127
        }
        return nil
    }

    /// A status code.
    public struct Response: Sendable {
        public var status: Int
    }

    /// POSTs `body` to `address` with `headers`, within `timeout` seconds in all. `resolve`
    /// pins the addresses a plain-HTTP host was checked to stand for; `caFile` replaces the
    /// system's trust store.
    public static func post(
        _ address: Address, headers: [(String, String)], body: [UInt8], timeout: Double,
        caFile: String? = nil, resolve: [String] = []
    ) throws(Failure) -> Response {
        guard let handle = curl_easy_init() else { throw .connection("libcurl could not start") }
        defer { curl_easy_cleanup(handle) }
        var list: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(list) }
        // No "Expect: 100-continue" pause before the body.
        for line in headers.map({ "\($0.0): \($0.1)" }) + ["Expect:"] {
            list = curl_slist_append(list, line)
        }
        var pins: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(pins) }
        if !resolve.isEmpty {
            pins = curl_slist_append(
                nil,
                "\(address.host):\(address.port):"
                    + resolve.map { $0.contains(":") ? "[\($0)]" : $0 }.joined(separator: ","))
        }
        let errorText = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorText.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorText.deallocate() }
        let milliseconds = max(1, Int((timeout * 1000).rounded(.up)))
        var setup: [CURLcode] = [
            tidlig_curl_set_string(handle, CURLOPT_URL, address.url),
            tidlig_curl_set_string(
                handle, CURLOPT_PROTOCOLS_STR, address.secure ? "https" : "http"),
            tidlig_curl_set_long(handle, CURLOPT_FOLLOWLOCATION, 0),
            // never a proxy from the environment
            tidlig_curl_set_string(handle, CURLOPT_PROXY, ""),
            tidlig_curl_set_long(handle, CURLOPT_NOSIGNAL, 1),
            tidlig_curl_set_long(handle, CURLOPT_TIMEOUT_MS, milliseconds),
            tidlig_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, milliseconds),
            tidlig_curl_set_long(handle, CURLOPT_SSL_VERIFYPEER, 1),
            tidlig_curl_set_long(handle, CURLOPT_SSL_VERIFYHOST, 2),
            tidlig_curl_set_long(handle, CURLOPT_POST, 1),
            tidlig_curl_set_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)),
            tidlig_curl_set_list(handle, CURLOPT_HTTPHEADER, list),
            tidlig_curl_discard_body(handle),
            tidlig_curl_set_buffer(handle, CURLOPT_ERRORBUFFER, errorText),
        ]
        if let pins { setup.append(tidlig_curl_set_list(handle, CURLOPT_RESOLVE, pins)) }
        if let caFile {
            setup.append(tidlig_curl_set_string(handle, CURLOPT_CAINFO, caFile))
            setup.append(tidlig_curl_set_string(handle, CURLOPT_CAPATH, nil))
        }
        var bytes = body.map { CChar(bitPattern: $0) } + [0]
        setup += bytes.withUnsafeMutableBufferPointer {
            [tidlig_curl_set_buffer(handle, CURLOPT_COPYPOSTFIELDS, $0.baseAddress)]
        }
        if let failed = setup.first(where: { $0 != CURLE_OK }) {
            throw .connection(
                "libcurl refused an option: \(String(cString: curl_easy_strerror(failed)))")
        }
        let code = curl_easy_perform(handle)
        guard code == CURLE_OK else {
            let detail = String(cString: errorText)
            throw failure(code, detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail)
        }
        var status = 0
        _ = tidlig_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        guard (100...599).contains(status) else { throw .malformed("no status") }
        return Response(status: status)
    }

    static func failure(_ code: CURLcode, _ detail: String) -> Failure {
        switch code {
        case CURLE_OPERATION_TIMEDOUT: .timeout("waiting for the response")
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT: .connection(detail)
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE:
            .dropped("before a complete response (\(detail))")
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CACERT_BADFILE,
            CURLE_SSL_CERTPROBLEM:
            .tls(detail)
        case CURLE_WEIRD_SERVER_REPLY, CURLE_HTTP2, CURLE_UNSUPPORTED_PROTOCOL: .malformed(detail)
        default: .connection(detail)
        }
    }

    static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
