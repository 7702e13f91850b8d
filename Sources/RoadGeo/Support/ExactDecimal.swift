#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decimal digits to the `Double` that `Double(text)` gives, for the byte-level readers (GeoJSON,
/// GPS traces): Clinger's exact fast path when the significant digits and the power of ten are
/// both exact in a `Double`, else glibc's correctly rounded `strtod` on the number's bytes.
enum ExactDecimal {
    /// The value of `mantissa × 10^exponent10` (negated when `negative`), whose text is the
    /// `count` bytes at `bytes`. `inexact` says the mantissa holds only the first 19 digits.
    /// May be infinite (a literal too large for a `Double`): callers decide what that means.
    @inline(__always)
    static func double(mantissa: UInt64, exponent10: Int, negative: Bool, inexact: Bool,
                       text bytes: UnsafePointer<UInt8>, count: Int) -> Double {
        if !inexact && mantissa <= 1 << 53 && exponent10 >= -22 && exponent10 <= 22 {
            let m = Double(mantissa)
            let v = exponent10 < 0 ? m / powersOfTen[-exponent10] : m * powersOfTen[exponent10]
            return negative ? -v : v
        }
        return strtodCopy(bytes, count: count)
    }
}

/// `strtod` on a NUL-terminated stack copy of the bytes. A free function so that it captures nothing.
@inline(never)
private func strtodCopy(_ bytes: UnsafePointer<UInt8>, count n: Int) -> Double {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { buffer -> Double in
        guard let text = buffer.baseAddress else { return .nan }
        UnsafeMutableRawPointer(text).copyMemory(from: bytes, byteCount: n)
        buffer[n] = 0
        return strtod(text, nil)
    }
}

/// 10^0 ... 10^22, all exactly representable as Doubles (the fast path's powers, and a trace
/// time's fraction of a second).
let powersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]
