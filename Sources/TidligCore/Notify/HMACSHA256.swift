import CLibCrypto

/// HMAC-SHA-256 (RFC 2104) and SHA-256 (FIPS 180-4) from OpenSSL's libcrypto, for signing
/// webhook bodies. Checked against the RFC 4231 vectors and Python's hmac in the tests.
public enum HMACSHA256 {
    /// The HMAC of `message` under `key`, as lower-case hex.
    public static func hex(key: [UInt8], message: [UInt8]) -> String {
        authenticationCode(key: key, message: message).map {
            ($0 < 16 ? "0" : "") + String($0, radix: 16)
        }.joined()
    }

    /// The 32-byte HMAC of `message` under `key`.
    public static func authenticationCode(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        // A non-null pointer even for an empty key or message, as OpenSSL wants.
        let keyBytes = key.isEmpty ? [0] : key, messageBytes = message.isEmpty ? [0] : message
        let done = keyBytes.withUnsafeBufferPointer { k in
            messageBytes.withUnsafeBufferPointer { m in
                out.withUnsafeMutableBufferPointer { o in
                    HMAC(
                        EVP_sha256(), k.baseAddress, Int32(key.count), m.baseAddress, message.count,
                        o.baseAddress, &length)
                }
            }
        }
        precondition(done != nil && length == 32, "libcrypto's HMAC-SHA-256 failed")
        return Array(out[0..<32])
    }

    /// The SHA-256 digest of `message`.
    public static func sha256(_ message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let bytes = message.isEmpty ? [0] : message
        let status = bytes.withUnsafeBufferPointer { m in
            out.withUnsafeMutableBufferPointer { o in
                EVP_Digest(m.baseAddress, message.count, o.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        precondition(status == 1 && length == 32, "libcrypto's SHA-256 failed")
        return Array(out[0..<32])
    }
}
