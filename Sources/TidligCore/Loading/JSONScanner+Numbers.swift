/// A JSON number in the input, validated but not yet converted.
struct RawNumber {
    /// Offset of the first byte (a digit or '-').
    var start: Int
    /// Offset after the last byte.
    var end: Int
    /// True when there is neither a fraction nor an exponent.
    var isInteger: Bool
}

extension JSONScanner {
    // number = [ '-' ] int [ frac ] [ exp ] ; int = '0' / digit1-9 *digit
    // frac = '.' 1*digit ; exp = ( 'e' / 'E' ) [ '-' / '+' ] 1*digit
    /// Scans the number at `pos`; `pos` ends after it.
    @inline(__always) mutating func scanNumber() throws(JSONFailure) -> RawNumber {
        let start = pos
        var index = pos
        if index < count, base[index] == UInt8(ascii: "-") { index += 1 }
        guard index < count, isDigit(base[index]) else { throw numberFailure(at: index, "a digit") }
        if base[index] == UInt8(ascii: "0") {
            index += 1
            if index < count, isDigit(base[index]) {
                throw JSONFailure(
                    offset: start, message: "a number cannot start with 0 followed by digits")
            }
        } else {
            index = skipDigits(from: index)
        }
        var isInteger = true
        if index < count, base[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < count, isDigit(base[index]) else {
                throw numberFailure(at: index, "a digit after '.'")
            }
            index = skipDigits(from: index)
        }
        if index < count, base[index] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            index += 1
            if index < count, base[index] == UInt8(ascii: "+") || base[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < count, isDigit(base[index]) else {
                throw numberFailure(at: index, "a digit in the exponent")
            }
            index = skipDigits(from: index)
        }
        pos = index
        return RawNumber(start: start, end: index, isInteger: isInteger)
    }

    @inline(__always) private func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    @inline(__always) private func skipDigits(from start: Int) -> Int {
        var index = start
        while index < count, isDigit(base[index]) { index += 1 }
        return index
    }

    private func numberFailure(at index: Int, _ expected: String) -> JSONFailure {
        var probe = self
        probe.pos = index
        return probe.failure(expected: expected)
    }

    /// The value of a scanned number, exact for up to 15 significant digits and small exponents.
    func doubleValue(_ number: RawNumber) -> Double {
        var index = number.start
        let negative = base[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        while index < number.end, isDigit(base[index]) {
            mantissa = mantissa &* 10 &+ UInt64(base[index] &- UInt8(ascii: "0"))
            digits += 1
            index += 1
        }
        if index < number.end, base[index] == UInt8(ascii: ".") {
            index += 1
            while index < number.end, isDigit(base[index]) {
                mantissa = mantissa &* 10 &+ UInt64(base[index] &- UInt8(ascii: "0"))
                digits += 1
                exponent -= 1
                index += 1
            }
        }
        // Clinger's fast path: both the mantissa and 10^|exponent| are exact doubles.
        if index == number.end, digits <= 15, exponent >= -22 {
            let value = exponent == 0 ? Double(mantissa) : Double(mantissa) / powersOfTen[-exponent]
            return negative ? -value : value
        }
        let text = String(
            decoding: UnsafeBufferPointer(
                start: base + number.start, count: number.end - number.start), as: UTF8.self)
        return Double(text) ?? .nan
    }

    /// The value of a scanned integer, or nil when it does not fit in 18 digits.
    func integerValue(_ number: RawNumber) -> Int? {
        var index = number.start
        let negative = base[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard number.end - index <= 18 else { return nil }
        var value = 0
        while index < number.end {
            value = value * 10 + Int(base[index] &- UInt8(ascii: "0"))
            index += 1
        }
        return negative ? -value : value
    }
}

private let powersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]
