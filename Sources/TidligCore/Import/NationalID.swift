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

    /// Exactly 11 ASCII digits as an integer, unchecked (the fast path for known students).
    @inline(__always) static func plainDigits(_ bytes: ArraySlice<UInt8>) -> UInt64? {
        guard bytes.count == 11 else { return nil }
        var value: UInt64 = 0
        for b in bytes {
            let digit = b &- 0x30
            guard digit <= 9 else { return nil }
            value = value * 10 + UInt64(digit)
        }
        return value
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

}
