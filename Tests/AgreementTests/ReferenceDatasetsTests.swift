import TestSupport
import Testing

@testable import Agreement

/// Seeded random data sets (2–12 coders, 2–5 categories, 0–70 % missing) against krippendorff,
/// statsmodels, scikit-learn, irrCAC and scipy; see scripts/make_agreement_fixtures.py.
@Suite struct ReferenceDatasetsTests {
    @Test("the reference fixture holds every data set and names its reference versions")
    func fixtureIsComplete() throws {
        let references = try Fixture.load("reference_datasets", as: Fixture.References.self)
        #expect(references.datasets.count == 11)
        for package in ["krippendorff", "statsmodels", "scikit-learn", "irrCAC", "scipy"] {
            #expect(references.versions[package] != nil, "no version recorded for \(package)")
        }
        #expect(Fixture.datasets().count == references.datasets.count)
    }

    @Test("percent agreement, Fleiss' κ and Gwet's AC1 match irrCAC", arguments: Fixture.datasets())
    func chanceCorrected(dataset: Fixture.Dataset) throws {
        let statistics = AgreementStatistics(try dataset.matrix())
        let expected = dataset.expected
        expectClose(statistics.percentAgreement, expected.percentAgreement.value, "percent agreement")
        expectClose(statistics.fleissKappa, expected.fleissKappa.value, "Fleiss' κ")
        expectClose(statistics.gwetAC1, expected.gwetAC1.value, "Gwet's AC1")
        if let statsmodels = expected.fleissKappaStatsmodels {
            expectClose(statistics.fleissKappa, statsmodels, "Fleiss' κ vs statsmodels")
        }
    }

    @Test("Krippendorff's α matches the krippendorff package for every metric", arguments: Fixture.datasets())
    func krippendorff(dataset: Fixture.Dataset) throws {
        let statistics = AgreementStatistics(try dataset.matrix())
        for level in LevelOfMeasurement.allCases {
            let reference = try #require(dataset.expected.krippendorffAlpha[level.rawValue])
            expectClose(statistics.krippendorffAlpha[level], reference, "α \(level)")
        }
    }

    @Test("pairwise Cohen's κ matches scikit-learn, unweighted and weighted", arguments: Fixture.datasets())
    func cohen(dataset: Fixture.Dataset) throws {
        let statistics = AgreementStatistics(try dataset.matrix())
        #expect(statistics.pairs.count == dataset.expected.cohen.count)
        for reference in dataset.expected.cohen {
            let pair = try #require(statistics.pair(reference.coderA, reference.coderB))
            let label = "coders \(reference.coderA)-\(reference.coderB)"
            #expect(pair.units == reference.units, "\(label) overlap")
            expectClose(pair.percentAgreement, reference.percentAgreement, "\(label) percent agreement")
            expectClose(pair.kappa, reference.unweighted, "\(label) κ")
            expectClose(pair.linearKappa, reference.linear, "\(label) linear κ")
            expectClose(pair.quadraticKappa, reference.quadratic, "\(label) quadratic κ")
            // Symmetric in the coders.
            #expect(statistics.kappaMatrix()[reference.coderB][reference.coderA] == pair.kappa)
        }
    }

    @Test("per-category and per-annotator agreement match the reference formulas and scipy", arguments: Fixture.datasets())
    func breakdowns(dataset: Fixture.Dataset) throws {
        let statistics = AgreementStatistics(try dataset.matrix())
        for (category, reference) in dataset.expected.specificAgreement.enumerated() {
            expectClose(statistics.categories[category].specificAgreement, reference, "specific agreement \(category)")
        }
        for reference in dataset.expected.annotators {
            let annotator = statistics.annotators[reference.coder]
            let label = "coder \(reference.coder)"
            expectClose(annotator.agreementWithOthers, reference.agreementWithOthers, "\(label) agreement with others")
            #expect(annotator.comparedPairs == reference.comparedPairs, "\(label) compared pairs")
            #expect(annotator.categoryCounts == reference.counts, "\(label) label counts")
            let test = annotator.labelDistributionTest
            expectClose(test?.statistic, reference.statistic, "\(label) χ²")
            expectClose(test?.pValue, reference.pValue, "\(label) p-value")
            #expect(test?.degreesOfFreedom == reference.degreesOfFreedom, "\(label) df")
        }
    }

    @Test("grouping units by rating row gives the same numbers as one profile per unit", arguments: Fixture.datasets())
    func groupedEqualsPerUnit(dataset: Fixture.Dataset) throws {
        let ratings = try dataset.matrix()
        let grouped = AgreementStatistics(ratings, groupedProfiles: true)
        let perUnit = AgreementStatistics(ratings, groupedProfiles: false)
        expectClose(grouped.percentAgreement, perUnit.percentAgreement, tolerance: 1e-12, "percent agreement")
        expectClose(grouped.fleissKappa, perUnit.fleissKappa, tolerance: 1e-12, "Fleiss")
        expectClose(grouped.gwetAC1, perUnit.gwetAC1, tolerance: 1e-12, "AC1")
        for level in LevelOfMeasurement.allCases {
            expectClose(grouped.krippendorffAlpha[level], perUnit.krippendorffAlpha[level], tolerance: 1e-12, "α \(level)")
        }
        #expect(grouped.pairs.map(\.confusion) == perUnit.pairs.map(\.confusion))
        #expect(grouped.annotators.map(\.categoryCounts) == perUnit.annotators.map(\.categoryCounts))
        #expect(grouped.ratedUnits == perUnit.ratedUnits && grouped.pairableUnits == perUnit.pairableUnits)
    }
}
