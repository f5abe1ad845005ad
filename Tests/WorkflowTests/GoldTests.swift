import Testing
@testable import Workflow

@Suite struct GoldTests {
    @Test("gold follows adjudication, then unanimity, then a majority above half, then a single label",
          arguments: [
            (["positive", "positive"], nil as String?, "positive" as String?, GoldMethod.unanimous, 1.0),
            (["positive", "negative", "positive"], nil, "positive", .majority, 2.0 / 3),
            (["positive", "negative"], nil, nil, .noMajority, 0.5),
            (["positive", "negative", "neutral", "positive"], nil, nil, .noMajority, 0.5),
            (["neutral"], nil, "neutral", .single, 1.0),
            ([], nil, nil, .unlabelled, 0.0),
            (["positive", "negative"], "negative", "negative", .adjudicated, 0.5),
          ])
    func rule(labels: [String], adjudication: String?, label: String?, method: GoldMethod, agreement: Double) {
        let gold = Gold(labels: labels, adjudication: adjudication)
        #expect(gold.label == label)
        #expect(gold.method == method)
        #expect(abs(gold.agreement - agreement) < 1e-12)
        #expect(gold.votes == labels.count)
    }
}
