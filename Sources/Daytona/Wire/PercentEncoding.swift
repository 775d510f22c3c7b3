import Foundation

/// Percent-encoding exactly as the reference client does it (WIRE.md §1.3-1.4).
enum PercentEncoding {
    /// A path segment: only `A-Z a-z 0-9 - . _ ~` stay literal (`/` becomes `%2F`).
    static func pathSegment(_ value: String) -> String {
        encode(value, keepingSlash: false)
    }

    /// A query value: as a path segment, but `/` stays literal (space is `%20`, `+` is `%2B`).
    static func queryValue(_ value: String) -> String {
        encode(value, keepingSlash: true)
    }

    /// Builds `k1=v1&k2=v2` from pairs in order, leaving out pairs whose value is `nil`.
    static func query(_ items: [(String, String?)]) -> String {
        var result = ""
        for (key, value) in items {
            guard let value else { continue }
            if !result.isEmpty { result.append("&") }
            result.append(key)
            result.append("=")
            result.append(queryValue(value))
        }
        return result
    }

    private static let hex: [UInt8] = Array("0123456789ABCDEF".utf8)

    private static func encode(_ value: String, keepingSlash: Bool) -> String {
        let utf8 = value.utf8
        // Fast path: most ids and paths need no encoding at all.
        if utf8.allSatisfy({ isUnreserved($0) || (keepingSlash && $0 == UInt8(ascii: "/")) }) {
            return value
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count * 3)
        for byte in utf8 {
            if isUnreserved(byte) || (keepingSlash && byte == UInt8(ascii: "/")) {
                bytes.append(byte)
            } else {
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
