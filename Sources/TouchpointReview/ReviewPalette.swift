import Foundation

/// The campaigns' colours in the calendar: each one dark enough for white text on it, and against
/// the white page, to reach a contrast of at least 4.5:1 (WCAG 2 AA for normal text). Colour is
/// never the only sign: every chip also carries the campaign's name as text.
public enum ReviewPalette {
    public static let colors = [
        "#1f5f8b", "#a63d00", "#2e6b30", "#7b2d8e", "#8a5300", "#00695c", "#b0235f", "#455a64", "#5c4db1", "#9e2a2b",
        "#3d5a00", "#00598a",
    ]

    /// The colour of the campaign at `index` (campaigns after the twelfth reuse the colours, and
    /// are told apart by their names).
    public static func color(_ index: Int) -> String { colors[index % colors.count] }

    /// The contrast ratio of two `#rrggbb` colours, as WCAG 2 defines it (1 to 21).
    public static func contrast(_ first: String, _ second: String) -> Double {
        let (a, b) = (luminance(first), luminance(second))
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }

    static func luminance(_ hex: String) -> Double {
        let digits = Array(hex.utf8.dropFirst())
        func channel(_ offset: Int) -> Double {
            guard digits.count == 6, let value = UInt8(String(decoding: digits[offset..<offset + 2], as: UTF8.self), radix: 16) else {
                return 0
            }
            let c = Double(value) / 255
            return c <= 0.039_28 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
    }
}
