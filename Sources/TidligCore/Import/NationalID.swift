/// The Norwegian national identity number (fødselsnummer): 11 digits, the last two check
/// digits computed mod 11. D-numbers (day + 40), H-numbers (month + 40) and the synthetic
/// test numbers of Skatteetaten's Tenor (month + 80) are accepted too.
///
/// Held as a UInt64 while importing and never written, printed or logged.
enum NationalID {
    /// The 11-digit number in `bytes` as an integer, or nil when it is not 11 digits with valid
    /// check digits. A space or a hyphen after the sixth digit (`010105 12345`) is allowed, and
    /// 10 digits are read with the leading zero a spreadsheet drops from a number (`1010512345`).
    static func parse(_ bytes: ArraySlice<UInt8>) -> UInt64? {
        var digits = [Int](repeating: 0, count: 11)
        var count = 0
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let b = bytes[index]
            if b >= 0x30, b <= 0x39 {
                guard count < 11 else { return nil }
                digits[count] = Int(b - 0x30)
                count += 1
            } else if !(count == 6 && (b == 0x20 || b == 0x2D)) {
                return nil
            }
            index += 1
        }
        if count == 10 {
            digits = [0] + digits.prefix(10)
            count = 11
        }
        guard count == 11, checkDigitsHold(digits) else { return nil }
        return digits.reduce(0) { $0 * 10 + UInt64($1) }
    }

    /// Both mod-11 check digits.
    static func checkDigitsHold(_ d: [Int]) -> Bool {
        let w1 = [3, 7, 6, 1, 8, 9, 4, 5, 2], w2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
        func check(_ weights: [Int]) -> Int? {
            let sum = zip(weights, d).reduce(0) { $0 + $1.0 * $1.1 }
            let k = 11 - sum % 11
            return k == 11 ? 0 : (k == 10 ? nil : k)
        }
        return check(w1) == d[9] && check(w2) == d[10]
    }

    /// The year of birth from the date part and the individual number; nil when unclear.
    static func birthYear(_ number: UInt64) -> Int? {
        let individual = Int(number / 100 % 1000)
        let yy = Int(number / 100_000 % 100)
        switch individual {
        case 0...499: return 1900 + yy
        case 500...749 where yy >= 54: return 1800 + yy
        case 500...999 where yy <= 39: return 2000 + yy
        case 900...999 where yy >= 40: return 1900 + yy
        default: return nil
        }
    }

    /// The 11 digits as ASCII, for the keyed hash only.
    static func digits(_ number: UInt64) -> [UInt8] {
        var out = [UInt8](repeating: 0x30, count: 11)
        var rest = number
        for i in stride(from: 10, through: 0, by: -1) {
            out[i] = 0x30 + UInt8(rest % 10)
            rest /= 10
        }
        return out
    }
}

/// Turns a fødselsnummer into a keyed pseudonym: prefix + the first 16 hex digits (64 bits) of
/// HMAC-SHA-256 of the 11 digits under the municipality's key. The same key gives the same id
/// in every import; without the key the id cannot be linked back. 64 bits keep the chance of
/// two students sharing an id below 1 in 30 million at 1,000,000 students (and an import that
/// meets a collision stops rather than merging two children).
struct Pseudonymizer {
    private let key: [UInt8]
    private let prefix: String

    /// Reads the key file: its bytes without trailing line breaks and spaces; at least 16 bytes.
    init(keyFile: String, prefix: String) throws(ImportFailure) {
        guard let bytes = FileBytes.read(path: keyFile) else {
            throw ImportFailure(file: keyFile, message: "cannot read the key file (\(FileBytes.lastError))", isIOError: true)
        }
        var key = bytes
        while let last = key.last, last == 0x0A || last == 0x0D || last == 0x20 || last == 0x09 { key.removeLast() }
        guard key.count >= 16 else {
            throw ImportFailure(file: keyFile, message: "the key is too short: \(key.count) bytes",
                                note: "use at least 16 random bytes, e.g. `head -c 32 /dev/urandom | base64 > nokkel.txt`, and keep it secret")
        }
        self.key = key
        self.prefix = prefix
    }

    /// The pseudonymous student id of `number`.
    func id(for number: UInt64) -> String {
        let mac = HMACSHA256.authenticationCode(key: key, message: NationalID.digits(number))
        let hex = Array("0123456789abcdef".utf8)
        var out = Array(prefix.utf8)
        for byte in mac.prefix(8) {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
