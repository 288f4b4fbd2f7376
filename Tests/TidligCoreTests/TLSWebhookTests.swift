#if canImport(Glibc)
    import Glibc
#endif
import Foundation
import Testing
import TidligCore
import TidligTestSupport

/// A real HTTPS server on 127.0.0.1: Python's ssl module serving a certificate for `localhost`
/// signed by a CA made in the test with Debian's openssl. Records each request as a JSON line.
final class TLSTestServer {
    struct Failure: Error { var message: String }
    let directory: String
    let port: Int
    private let process: Process
    var caFile: String { directory + "/ca.pem" }

    static let serverScript = """
        import http.server, json, ssl, sys
        log, cert, key = sys.argv[1], sys.argv[2], sys.argv[3]
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with open(log, "a") as f:
                    headers = {k.lower(): v for k, v in self.headers.items()}
                    f.write(json.dumps({"path": self.path, "headers": headers, "body": body.hex()}) + "\\n")
                redirect = self.path.startswith("/redirect")
                self.send_response(302 if redirect else 200)
                if redirect:
                    self.send_header("Location", "https://localhost:1/elsewhere")
                self.send_header("Content-Length", "0")
                self.end_headers()
            def log_message(self, *args):
                pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """

    init(in directory: String) throws {
        self.directory = directory
        try SecureFile.write(
            path: directory + "/ext.cnf",
            text: """
                subjectAltName=DNS:localhost
                basicConstraints=CA:FALSE
                extendedKeyUsage=serverAuth

                """)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try TLSTestServer.run(
            "/usr/bin/openssl",
            ["req", "-x509"] + ec + [
                "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=tidlig test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
            ], in: directory)
        try TLSTestServer.run(
            "/usr/bin/openssl",
            ["req"] + ec + [
                "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost",
            ], in: directory)
        try TLSTestServer.run(
            "/usr/bin/openssl",
            [
                "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial",
                "-out", "server.pem", "-days", "2", "-extfile", "ext.cnf",
            ], in: directory)
        try SecureFile.write(path: directory + "/server.py", text: TLSTestServer.serverScript)
        process = Process()
        process.executableURL = URL(fileURLWithPath: try TLSTestServer.python())
        process.arguments = [
            directory + "/server.py", directory + "/requests.jsonl", directory + "/server.pem",
            directory + "/server.key",
        ]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = out.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            line.append(chunk)
        }
        guard
            let port = Int(
                String(decoding: line, as: UTF8.self).trimmingCharacters(
                    in: .whitespacesAndNewlines))
        else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw TLSTestServer.Failure(message: "the TLS test server did not start")
        }
        self.port = port
    }

    deinit {
        // SIGKILL: a child may inherit SIGTERM ignored from the test runner.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// The requests received so far: path, lower-cased headers, body bytes.
    var requests: [(path: String, headers: [String: String], body: [UInt8])] {
        guard let text = readText(directory + "/requests.jsonl") else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard
                let object = try? JSONSerialization.jsonObject(with: Data(line.utf8))
                    as? [String: Any],
                let path = object["path"] as? String,
                let headers = object["headers"] as? [String: String],
                let hex = object["body"] as? String
            else { return nil }
            var bytes: [UInt8] = []
            var index = hex.startIndex
            while index < hex.endIndex {
                let next = hex.index(index, offsetBy: 2)
                bytes.append(UInt8(hex[index..<next], radix: 16)!)
                index = next
            }
            return (path, headers, bytes)
        }
    }

    static func python() throws -> String {
        for candidate in ["/usr/bin/python3", "/usr/local/bin/python3"]
        where access(candidate, X_OK) == 0 {
            return candidate
        }
        let found = try run("/usr/bin/env", ["sh", "-c", "command -v python3"], in: "/")
        return found.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs a program to its end; its standard output, or an error with its standard error.
    @discardableResult
    static func run(
        _ program: String, _ arguments: [String], in directory: String, input: Data? = nil,
        environment: [String: String]? = nil
    ) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(input) }
        try inPipe.fileHandleForWriting.close()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TLSTestServer.Failure(
                message: "\(program) \(arguments.joined(separator: " ")): "
                    + String(decoding: errors, as: UTF8.self))
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// HMAC-SHA-256 of `body` under `key`, computed by Python's hmac (an implementation not ours).
    static func pythonHMAC(key: String, body: [UInt8]) throws -> String {
        let script =
            "import hashlib, hmac, os, sys; "
            + "print(hmac.new(os.environ['KEY'].encode(), sys.stdin.buffer.read(), hashlib.sha256).hexdigest())"
        return try run(
            try python(), ["-c", script], in: "/", input: Data(body),
            environment: ["KEY": key]
        ).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Delivery over HTTPS against the real TLS server: accepted with the CA, refused without it,
/// refused for a wrong host name, redirects not followed; plain HTTP only to loopback.
@Suite(.serialized) struct TLSWebhookTests {
    let home = TemporaryDirectory(prefix: "tidlig-tls")
    static let secret = String(cString: getenv("HOME"))

    func notify(_ url: String, caFile: String?) throws -> (Session, Ledger, String) {
        let sink = CapturingSink()
        let session = Session(data: try NotifyFixture.data(crossing: 1), output: sink)
        session.settings.notify.ledger = home.path + "/ledger.sqlite"
        session.settings.notify.retries = 1
        session.settings.notify.timeout = 5
        session.settings.notify.caFile = caFile
        session.execute(
            SourceFile(
                name: nil,
                text:
                    "notify ppt about students where days >= 15 basis consent via webhook \(url) secret HOME"
            ))
        return (session, try Ledger(path: home.path + "/ledger.sqlite"), sink.text)
    }

    @Test func acceptedWithTheCAAndSignedAsPythonSigns() throws {
        let server = try TLSTestServer(in: home.path)
        let (_, ledger, output) = try notify(
            "https://localhost:\(server.port)/hook", caFile: server.caFile)
        #expect(output.contains("1 sent, 0 pending, 0 failed"), "\(output)")
        let request = try #require(server.requests.first)
        let entry = try #require(try ledger.entries().first)
        #expect(request.path == "/hook" && request.headers["idempotency-key"] == entry.messageID)
        #expect(String(decoding: request.body, as: UTF8.self).contains("\"student\": \"S1\""))
        let independent = try TLSTestServer.pythonHMAC(key: Self.secret, body: request.body)
        #expect(independent.count == 64)
        #expect(request.headers["x-tidlig-signature"] == "sha256=" + independent)
        let wrong = try TLSTestServer.pythonHMAC(key: Self.secret + "x", body: request.body)
        #expect(request.headers["x-tidlig-signature"] != "sha256=" + wrong)
        #expect(
            HMACSHA256.hex(key: Array((Self.secret + "x").utf8), message: request.body) == wrong)
    }

    @Test func refusedWithoutTheCA() throws {
        let server = try TLSTestServer(in: home.path)
        let (session, ledger, output) = try notify(
            "https://localhost:\(server.port)/hook", caFile: nil)
        #expect(output.contains("0 sent, 1 pending"), "\(output)")
        let entry = try #require(try ledger.entries().first)
        #expect(
            entry.status == .pending && entry.lastError?.hasPrefix("TLS: ") == true,
            "\(entry.lastError ?? "")")
        #expect(server.requests.isEmpty)
        #expect(session.notifyRun.exitStatus == ExitStatus.undelivered)
    }

    @Test func refusedForAWrongHostName() throws {
        let server = try TLSTestServer(in: home.path)
        // The certificate names localhost only; 127.0.0.1 is the same server under another name.
        let (_, ledger, output) = try notify(
            "https://127.0.0.1:\(server.port)/hook", caFile: server.caFile)
        #expect(output.contains("0 sent, 1 pending"), "\(output)")
        let error = try #require(try ledger.entries().first?.lastError)
        #expect(error.hasPrefix("TLS: ") && error.contains("127.0.0.1"), "\(error)")
        #expect(server.requests.isEmpty)
    }

    @Test func aRedirectIsNotFollowed() throws {
        let server = try TLSTestServer(in: home.path)
        let (_, ledger, output) = try notify(
            "https://localhost:\(server.port)/redirect", caFile: server.caFile)
        #expect(output.contains("0 sent, 0 pending, 1 failed"), "\(output)")
        #expect(try ledger.entries().first?.lastError == "HTTP 302: a redirect, not followed")
        #expect(server.requests.count == 1)
    }

    @Test func aMissingCAFileIsRefusedBeforeAnythingIsRecorded() throws {
        let (_, ledger, output) = try notify(
            "https://localhost:1/hook", caFile: home.path + "/no-such.pem")
        #expect(output.contains("cannot read the CA file \(home.path)/no-such.pem"))
        #expect(try ledger.entries().isEmpty)
    }

    @Test func plainHTTPGoesOnlyToAddressesCheckedAsLoopback() throws {
        func check(_ url: String) -> Result<[String], ChannelProblem>? {
            HTTPClient.Address(url)?.loopbackAddresses()
        }
        #expect(try check("http://127.0.0.1:8080/x")?.get() == ["127.0.0.1"])
        #expect(try check("http://127.9.8.7/x")?.get() == ["127.9.8.7"])
        #expect(try check("http://[::1]:8080/x")?.get() == ["::1"])
        #expect(try check("http://[::ffff:127.0.0.1]/x")?.get() == ["::ffff:127.0.0.1"])
        let localhost = try #require(try check("http://localhost:8080/x")?.get())
        #expect(!localhost.isEmpty && localhost.allSatisfy { $0.hasPrefix("127.") || $0 == "::1" })
        for url in [
            "http://127.attacker.example/", "http://127.0.0.1.nip.io/", "http://10.0.0.1/",
            "http://[::2]/",
            "http://128.0.0.1/", "http://localhost.attacker.example/",
        ] {
            guard case .failure(let problem)? = check(url) else {
                Issue.record("\(url) passed"); continue
            }
            #expect(problem.note?.contains("give the receiver's https:// address") == true)
        }
        // A name other than localhost is refused as a name, before any lookup is made.
        guard case .failure(let problem)? = check("http://127.attacker.example/") else { return }
        #expect(
            problem.message
                == "'127.attacker.example' is a host name: plain http:// is only for loopback "
                + "addresses, checked without a lookup")
        #expect(
            HTTPClient.Address("http://user@127.0.0.1/") == nil
                && HTTPClient.Address("ftp://127.0.0.1/") == nil)
    }

    @Test func localhostReachesARelayOn127001WhateverItResolvesToFirst() throws {
        let server = try ScriptedHTTPServer([.status(200)])
        defer { server.stop() }
        let (_, ledger, output) = try notify("http://localhost:\(server.port)/hook", caFile: nil)
        #expect(output.contains("1 sent"), "\(output)")
        #expect(try ledger.entries().first?.status == .sent && server.requests.count == 1)
    }
}
