import Testing
import TouchpointKit

/// "Did you mean" by edit distance.
@Suite struct SuggestionTests {
    @Test(arguments: [
        ("kitten", "sitting", 3), ("", "abc", 3), ("abc", "", 3), ("same", "same", 0),
        ("ab", "ba", 1), ("adress", "address", 1), ("send_windw", "send_window", 1), ("ca", "abc", 3),
    ])
    func editDistance(_ a: String, _ b: String, distance: Int) {
        #expect(Suggestion.editDistance(Array(a), Array(b)) == distance)
        #expect(Suggestion.editDistance(Array(b), Array(a)) == distance)
    }

    @Test func stopsEarlyOnceEveryPathPassesTheLimit() {
        #expect(Suggestion.editDistance(Array("abcdefgh"), Array("zyxwvuts"), limit: 2) > 2)
    }

    @Test func suggestsTheClosestPlausibleCandidate() {
        let keys = ["name", "from", "reply_to", "address", "timezone", "domain", "bounce"]
        #expect(Suggestion.closest(to: "adress", in: keys) == "address")
        #expect(Suggestion.closest(to: "nme", in: keys) == "name")
        #expect(Suggestion.closest(to: "time_zone", in: keys) == "timezone")
        #expect(Suggestion.closest(to: "Domain", in: keys) == "domain")
        #expect(Suggestion.closest(to: "America/Chicgo", in: ["America/Chicago", "Africa/Cairo"]) == "America/Chicago")
    }

    @Test func suggestsNothingFarOffOrIdentical() {
        let keys = ["name", "from", "address"]
        #expect(Suggestion.closest(to: "colour", in: keys) == nil)
        #expect(Suggestion.closest(to: "name", in: keys) == nil)
        #expect(Suggestion.closest(to: "", in: keys) == nil)
        #expect(Suggestion.closest(to: "xy", in: ["ab"]) == nil)
    }

    @Test func prefersTheFirstOfEquallyCloseCandidates() {
        #expect(Suggestion.closest(to: "cat", in: ["bat", "cut", "car"]) == "bat")
    }
}
