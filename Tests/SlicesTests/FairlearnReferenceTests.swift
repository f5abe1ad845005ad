import Slices
import TestSupport
import Testing

/// Every number against fairlearn 0.15, scikit-learn and krippendorff run on the same data
/// (Fixtures/fairness.json, written by scripts/make_slices_fixtures.py).
@Suite struct FairlearnReferenceTests {
    @Test("the fixture names its reference versions and holds every data set")
    func fixtureIsComplete() throws {
        let fixture = try Fixture.load("fairness", as: Fixture.Fairness.self)
        #expect(fixture.versions["fairlearn"] != nil && fixture.versions["scikit-learn"] != nil)
        #expect(fixture.datasets.count == 5)
        #expect(fixture.thresholds == [1, 20])
    }

    @Test("per-slice counts, rates, accuracy, macro-F1 and agreement equal the references",
          arguments: Fixture.datasets())
    func perSlice(dataset: Fixture.Dataset) throws {
        // Given
        let data = try dataset.data()

        // When
        let analysis = try SliceAnalysis(data, options: SliceOptions(draws: 0, minimumSliceSize: 1))

        // Then
        #expect(analysis.dimensions.map(\.name) == dataset.expected.map(\.name))
        for expected in dataset.expected {
            let dimension = try #require(analysis.dimension(expected.name))
            #expect(dimension.kind.rawValue == expected.kind)
            #expect(dimension.slices.map(\.value) == expected.slices.map(\.value))
            for reference in expected.slices {
                let slice = try #require(dimension.slice(reference.value))
                let name = "\(dataset.name) \(expected.name)=\(reference.value)"
                #expect(slice.items == reference.items, "\(name) items")
                #expect(slice.labels == reference.labels, "\(name) labels")
                #expect(slice.agreement.pairableItems == reference.agreement.pairableItems, "\(name) pairable")
                expectClose(slice.agreement.percentAgreement?.value, reference.agreement.percentAgreement, "\(name) percent agreement")
                expectClose(slice.agreement.krippendorffAlpha?.value, reference.agreement.krippendorffAlpha, "\(name) alpha")
                check(slice.model, reference.model, "\(name) model")
                check(slice.annotatorLabels, reference.annotatorLabels, "\(name) annotator labels")
                #expect((slice.meanProbabilities == nil) == (reference.meanProbabilities == nil), "\(name) probabilities")
                for (actual, expected) in zip(slice.meanProbabilities ?? [], reference.meanProbabilities ?? []) {
                    expectClose(actual, expected, "\(name) mean probability")
                }
            }
        }
    }

    @Test("demographic parity and equalized odds gaps equal fairlearn's, every label and threshold",
          arguments: Fixture.datasets())
    func gaps(dataset: Fixture.Dataset) throws {
        let data = try dataset.data()
        for threshold in [1, 20] {
            let analysis = try SliceAnalysis(data, options: SliceOptions(draws: 0, minimumSliceSize: threshold))
            for expected in dataset.expected {
                let dimension = try #require(analysis.dimension(expected.name))
                let reference = try #require(expected.gaps[String(threshold)])
                let name = "\(dataset.name) \(expected.name) ≥\(threshold)"
                check(dimension.gaps.model, reference.model, "\(name) model")
                check(dimension.gaps.annotatorLabels, reference.annotatorLabels, "\(name) annotator labels")
                for slice in dimension.slices {
                    #expect(slice.tooSmall == (slice.items < threshold), "\(name) \(slice.value) too small")
                }
            }
        }
    }

    private func check(
        _ actual: ClassificationSummary?, _ expected: Fixture.ExpectedClassification?, _ what: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let actual, let expected else {
            #expect(actual == nil && expected == nil, "\(what): presence differs", sourceLocation: sourceLocation)
            return
        }
        #expect(actual.units == expected.units, "\(what) units", sourceLocation: sourceLocation)
        #expect(actual.scoredUnits == expected.scoredUnits, "\(what) scored units", sourceLocation: sourceLocation)
        #expect(actual.counts == expected.counts, "\(what) counts", sourceLocation: sourceLocation)
        #expect(actual.selectionRate.count == expected.selectionRate.count, sourceLocation: sourceLocation)
        for (label, (rate, reference)) in zip(actual.selectionRate, expected.selectionRate).enumerated() {
            expectClose(rate.value, reference, "\(what) selection rate \(label)", sourceLocation: sourceLocation)
        }
        expectClose(actual.accuracy?.value, expected.accuracy, "\(what) accuracy", sourceLocation: sourceLocation)
        expectClose(actual.macroF1?.value, expected.macroF1, "\(what) macro-F1", sourceLocation: sourceLocation)
        for (label, (rate, reference)) in zip(actual.truePositiveRate, expected.truePositiveRate).enumerated() {
            expectClose(rate?.value, reference, "\(what) TPR \(label)", sourceLocation: sourceLocation)
        }
        for (label, (rate, reference)) in zip(actual.falsePositiveRate, expected.falsePositiveRate).enumerated() {
            expectClose(rate?.value, reference, "\(what) FPR \(label)", sourceLocation: sourceLocation)
        }
    }

    private func check(
        _ actual: GapSummary?, _ expected: Fixture.ExpectedGapSet?, _ what: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let actual, let expected else {
            #expect(actual == nil && expected == nil, "\(what): presence differs", sourceLocation: sourceLocation)
            return
        }
        #expect(actual.slices == expected.slices, "\(what) compared slices", sourceLocation: sourceLocation)
        #expect(actual.labels.map(\.label) == expected.labels.map(\.label), sourceLocation: sourceLocation)
        for (gap, reference) in zip(actual.labels, expected.labels) {
            let name = "\(what) label \(gap.label)"
            expectClose(gap.demographicParityDifference, reference.demographicParityDifference, "\(name) DP difference",
                        sourceLocation: sourceLocation)
            expectClose(gap.demographicParityRatio, reference.demographicParityRatio, "\(name) DP ratio",
                        sourceLocation: sourceLocation)
            expectClose(gap.equalizedOddsDifference, reference.equalizedOddsDifference, "\(name) EO difference",
                        sourceLocation: sourceLocation)
            expectClose(gap.equalizedOddsRatio, reference.equalizedOddsRatio, "\(name) EO ratio",
                        sourceLocation: sourceLocation)
            #expect(gap.slicesWithoutPositives == reference.slicesWithoutPositives, "\(name)", sourceLocation: sourceLocation)
            #expect(gap.slicesWithoutNegatives == reference.slicesWithoutNegatives, "\(name)", sourceLocation: sourceLocation)
        }
    }
}
