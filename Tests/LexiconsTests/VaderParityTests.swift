import Foundation
import Testing
@testable import Lexicons

/// Opine's `.vader` dialect against the reference `vaderSentiment` package, on sentences
/// written for this project (scripts/make_vader_fixture.py).
@Suite struct VaderParityTests {
    static let tolerance = 0.05
    static let requiredAgreement = 0.95

    /// Ids listed in the ledger's table (`| 12 | … |`).
    static func ledgerIds() throws -> Set<Int> {
        let text = try TestSupport.read(TestSupport.fixtures.appendingPathComponent("VADER_LEDGER.md"))
        var ids: Set<Int> = []
        for line in text.split(separator: "\n") where line.hasPrefix("|") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false)
            if cells.count > 1, let id = Int(cells[1].trimmingCharacters(in: .whitespaces)) { ids.insert(id) }
        }
        return ids
    }

    @Test("the fixture holds at least 300 sentences")
    func fixtureSize() throws {
        let cases = try VaderCase.load()
        #expect(cases.count >= 300)
        #expect(Set(cases.map(\.id)).count == cases.count)
    }

    // Needs the vaderSentiment package (pip install vaderSentiment) or VADER_LEXICON; CI installs it.
    @Test("with VADER's lexicon the compound score matches vaderSentiment within 0.05 for 95% of sentences",
          .enabled(if: TestSupport.vaderDirectory != nil,
                   "vaderSentiment not found: pip install vaderSentiment, or set VADER_LEXICON"))
    func compoundParity() throws {
        // Given VADER's own resources and the reference scores
        let directory = try #require(TestSupport.vaderDirectory)
        let analyzer = try TestSupport.vaderAnalyzer(directory)
        let cases = try VaderCase.load()
        let ledger = try VaderParityTests.ledgerIds()

        // When every sentence is scored
        var disagreements: [(VaderCase, Double)] = []
        for item in cases {
            let analysis = analyzer.analyze(item.text, language: "en")
            if abs(analysis.compound - item.compound) > VaderParityTests.tolerance {
                disagreements.append((item, analysis.compound))
            }
        }

        // Then at least 95% agree, and every disagreement is explained in the ledger
        let agreement = Double(cases.count - disagreements.count) / Double(cases.count)
        #expect(agreement >= VaderParityTests.requiredAgreement,
                "agreement \(agreement) over \(cases.count) sentences")
        for (item, compound) in disagreements where !ledger.contains(item.id) {
            Issue.record("not in VADER_LEDGER.md: \(item) — vaderSentiment \(item.compound), Opine \(compound)")
        }
        let disagreeing = Set(disagreements.map(\.0.id))
        for id in ledger.subtracting(disagreeing).sorted() {
            Issue.record("VADER_LEDGER.md lists #\(id), which now agrees; remove it from the ledger")
        }
    }

    // Same requirement as above.
    @Test("pos, neu and neg proportions match vaderSentiment where the compound score does",
          .enabled(if: TestSupport.vaderDirectory != nil,
                   "vaderSentiment not found: pip install vaderSentiment, or set VADER_LEXICON"))
    func proportionParity() throws {
        let directory = try #require(TestSupport.vaderDirectory)
        let analyzer = try TestSupport.vaderAnalyzer(directory)
        let ledger = try VaderParityTests.ledgerIds()
        for item in try VaderCase.load() where !ledger.contains(item.id) {
            let analysis = analyzer.analyze(item.text, language: "en")
            // The fixture rounds to three decimals.
            #expect(abs(analysis.positive - item.positive) <= 0.0015, "\(item)")
            #expect(abs(analysis.neutral - item.neutral) <= 0.0015, "\(item)")
            #expect(abs(analysis.negative - item.negative) <= 0.0015, "\(item)")
        }
    }
}
