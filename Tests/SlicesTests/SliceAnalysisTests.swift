import Agreement
import Foundation
import Slices
import TestSupport
import Testing

@Suite struct SliceAnalysisTests {
    @Test("slice agreement equals AgreementStatistics on the slice's items and annotators")
    func agreementMatchesAgreementModule() throws {
        // Given
        let data = try SyntheticSlices(items: 700, seed: 11, regions: ["eu", "eu", "latam", "uk", "eu"], overlap: 3).make()
        let language = try #require(data.itemDimensions.first)
        let region = try #require(data.annotatorDimensions.first)

        // When
        let analysis = try SliceAnalysis(data, options: SliceOptions(draws: 0, alphaLevel: .nominal))

        // Then: item slices restrict the units
        for slice in try #require(analysis.dimension("lang")).slices {
            let units = language.values.indices.filter { language.values[$0] == slice.value }
            let statistics = AgreementStatistics(try data.ratings.restricted(toUnits: units))
            #expect(slice.agreement.pairableItems == statistics.pairableUnits)
            expectClose(slice.agreement.percentAgreement?.value, statistics.percentAgreement, tolerance: 1e-12, "\(slice.value) percent")
            expectClose(slice.agreement.krippendorffAlpha?.value, statistics.krippendorffAlpha[.nominal], tolerance: 1e-12, "\(slice.value) alpha")
        }
        // Annotator slices restrict the annotators
        for slice in try #require(analysis.dimension("region")).slices {
            let coders = region.values.indices.filter { region.values[$0] == slice.value }
            let rows = (0..<data.itemCount).map { item in coders.map { data.ratings[item, $0] } }
            let statistics = AgreementStatistics(try RatingMatrix(rows: rows, categoryCount: data.labelCount))
            #expect(slice.items == statistics.ratedUnits)
            #expect(slice.agreement.pairableItems == statistics.pairableUnits)
            expectClose(slice.agreement.percentAgreement?.value, statistics.percentAgreement, tolerance: 1e-12, "\(slice.value) percent")
            expectClose(slice.agreement.krippendorffAlpha?.value, statistics.krippendorffAlpha[.nominal], tolerance: 1e-12, "\(slice.value) alpha")
            #expect(slice.annotators == coders.map { data.annotators[$0] })
        }
    }

    @Test("the ordinal and interval alpha follow the option")
    func alphaLevel() throws {
        let data = try SyntheticSlices(items: 300, seed: 12).make()
        let analysis = try SliceAnalysis(data, options: SliceOptions(draws: 0, alphaLevel: .ordinal))
        let slice = try #require(analysis.dimension("lang")?.slice("en"))
        let units = data.itemDimensions[0].values.indices.filter { data.itemDimensions[0].values[$0] == "en" }
        let statistics = AgreementStatistics(try data.ratings.restricted(toUnits: units))
        expectClose(slice.agreement.krippendorffAlpha?.value, statistics.krippendorffAlpha[.ordinal], tolerance: 1e-12, "ordinal alpha")
    }

    @Test("planted gaps are found, with the right sign; findings are sorted and exclude 0")
    func ranking() throws {
        // Given: the model is right 45% of the time on es against 85% elsewhere; the latam
        // annotator says label0 far more often.
        let data = try SyntheticSlices(
            items: 1_500, seed: 13, modelAccuracy: ["en": 0.85, "es": 0.45, "fr": 0.85], latamBias: 0.4
        ).make()

        // When
        let analysis = try SliceAnalysis(data, options: SliceOptions(draws: 400))

        // Then: es is the language whose model accuracy differs most, downwards
        let accuracy = SliceMetric(source: .model, name: .accuracy)
        let languages = analysis.findings.filter { $0.dimension == "lang" && $0.metric == accuracy }
        let es = try #require(languages.first)
        #expect(es.slice == "es")
        // Expected: 0.45 + 0.55/3 ≈ 0.63 against 0.85 + 0.15/3 = 0.90.
        #expect(abs(es.difference + 0.27) < 0.06 && es.differenceInterval.upper < 0)
        #expect(es.metric.describe(labels: analysis.labels) == "model accuracy")
        // latam's label distribution leans to label0
        let share = SliceMetric(source: .annotatorLabels, name: .selectionRate, label: 0)
        let latam = try #require(analysis.findings.first { $0.slice == "latam" && $0.metric == share })
        #expect(latam.difference > 0.15 && latam.differenceInterval.lower > 0)
        #expect(latam.metric.describe(labels: analysis.labels) == "share of label0 labels")
        // en and fr models are alike: their accuracy is not flagged against the rest in the
        // wrong direction
        #expect(!languages.contains { $0.slice != "es" && $0.difference < 0 })
        for finding in analysis.findings {
            #expect(finding.differenceInterval.excludesZero)
            #expect(abs(finding.difference - (finding.sliceValue - finding.complementValue)) < 1e-12)
        }
        let gaps = analysis.findings.map { abs($0.difference) }
        #expect(gaps == gaps.sorted(by: >))
    }

    @Test("slices smaller than the threshold are reported as too small, not ranked, not compared")
    func tooSmall() throws {
        // Given: "de" holds about 1% of 1,000 items.
        let data = try SyntheticSlices(
            items: 1_000, seed: 14, languages: ["en", "es", "de"], weights: [0.6, 0.39, 0.01],
            modelAccuracy: ["de": 0.0]
        ).make()

        // When
        let analysis = try SliceAnalysis(data, options: SliceOptions(draws: 200))

        // Then
        let dimension = try #require(analysis.dimension("lang"))
        let small = try #require(dimension.slice("de"))
        #expect(small.items > 0 && small.items < 20)
        #expect(small.tooSmall)
        #expect(small.model?.accuracy?.value != nil)
        #expect(small.model?.accuracy?.interval == nil)
        #expect(analysis.tooSmall.map { "\($0.dimension)=\($0.slice) \($0.items)" } == ["lang=de \(small.items)"])
        #expect(!analysis.findings.contains { $0.slice == "de" })
        #expect(dimension.gaps.model?.slices == ["en", "es"])
        #expect(dimension.slice("en")?.tooSmall == false)
        // The small slice still belongs to the others' complement: en's complement is es + de.
        let everyone = try SliceAnalysis(data, options: SliceOptions(draws: 0, minimumSliceSize: 1))
        #expect(everyone.dimension("lang")?.gaps.model?.slices == ["de", "en", "es"])
    }

    @Test("without predictions the model metrics are absent, not zero")
    func missingPredictions() throws {
        let data = try SyntheticSlices(items: 400, seed: 15, predictions: false).make()
        let analysis = try SliceAnalysis(data, options: SliceOptions(draws: 50))
        for dimension in analysis.dimensions {
            #expect(dimension.gaps.model == nil)
            #expect(dimension.gaps.annotatorLabels != nil)
            for slice in dimension.slices {
                #expect(slice.model == nil)
                #expect(slice.meanProbabilities == nil)
                #expect(slice.annotatorLabels != nil)
            }
        }
        #expect(!analysis.findings.contains { $0.metric.source == .model })
        let json = String(decoding: try JSONEncoder().encode(analysis), as: UTF8.self)
        #expect(!json.contains("\"model\":{"))
    }

    @Test("a slice without predictions has no model metrics while the others keep theirs")
    func predictionsMissingForOneSlice() throws {
        let data = try SyntheticSlices(items: 600, seed: 16, languageWithoutPredictions: "fr").make()
        let analysis = try SliceAnalysis(data, options: SliceOptions(draws: 0))
        let dimension = try #require(analysis.dimension("lang"))
        #expect(dimension.slice("fr")?.model == nil)
        #expect(dimension.slice("en")?.model?.accuracy != nil)
        #expect(dimension.gaps.model?.slices == ["en", "es"])
        // For the annotator slices, fr's labels simply have no model unit.
        let eu = try #require(analysis.dimension("region")?.slice("eu"))
        #expect((eu.model?.units ?? 0) < eu.labels)
    }

    @Test("a dimension with one slice has zero gaps and no complement to rank against")
    func singleSlice() throws {
        let data = try SyntheticSlices(items: 300, seed: 17, languages: ["en"], weights: [1], regions: ["eu", "eu", "eu"]).make()
        let analysis = try SliceAnalysis(data, options: SliceOptions(draws: 100))
        for dimension in analysis.dimensions {
            #expect(dimension.slices.count == 1)
            for gaps in [dimension.gaps.model, dimension.gaps.annotatorLabels] {
                let summary = try #require(gaps)
                for gap in summary.labels {
                    #expect(gap.demographicParityDifference == 0)
                    #expect(gap.demographicParityRatio == 1)
                    #expect(gap.equalizedOddsDifference == 0)
                    #expect(gap.equalizedOddsRatio == 1)
                }
            }
        }
        #expect(analysis.findings.isEmpty)
    }

    @Test("items and annotators without a value are left out of the dimension")
    func missingValues() throws {
        let ratings = try RatingMatrix(rows: [[0, 0], [1, 1], [0, 1], [1, nil]], categoryCount: 2)
        let data = try SliceData(
            labels: ["no", "yes"], annotators: ["a", "b"], ratings: ratings, gold: [0, 1, 0, 1],
            predictions: [Prediction(label: 0), Prediction(label: 1), Prediction(label: 1), nil],
            itemDimensions: [ItemDimension(name: "lang", values: ["en", "en", nil, "es"])],
            annotatorDimensions: [AnnotatorDimension(name: "region", values: [nil, "eu"])])
        let analysis = try SliceAnalysis(data, options: SliceOptions(draws: 10, minimumSliceSize: 1))
        let lang = try #require(analysis.dimension("lang"))
        #expect(lang.items == 3)
        #expect(lang.slices.map(\.value) == ["en", "es"])
        #expect(lang.slice("en")?.model?.accuracy?.value == 1)
        #expect(lang.slice("es")?.model == nil)
        let region = try #require(analysis.dimension("region"))
        #expect(region.items == 3)
        #expect(region.slice("eu")?.labels == 3)
        #expect(region.slice("eu")?.annotatorLabels?.accuracy?.value == 2.0 / 3.0)
    }

    @Test("the analysis encodes to JSON and decodes back unchanged, undefined values as absent")
    func codable() throws {
        // Undefined values must be left out: JSONEncoder refuses NaN.
        let data = try SyntheticSlices(items: 400, seed: 18).make()
        let analysis = try SliceAnalysis(data, options: SliceOptions(draws: 30, minimumSliceSize: 5))
        let encoded = try JSONEncoder().encode(analysis)
        let decoded = try JSONDecoder().decode(SliceAnalysis.self, from: encoded)
        #expect(decoded.dimensions == analysis.dimensions)
        #expect(decoded.findings == analysis.findings)
        #expect(decoded.options.draws == 30 && decoded.options.minimumSliceSize == 5)
        let object = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        #expect(object["labels"] as? [String] == ["label0", "label1", "label2"])
        #expect(object["options"].flatMap { $0 as? [String: Any] }?["workers"] == nil)
    }

    @Test("inputs that do not fit are rejected with what is wrong")
    func validation() throws {
        let ratings = try RatingMatrix(rows: [[0, 1], [1, 1]], categoryCount: 2)
        func make(
            labels: [String] = ["no", "yes"], annotators: [String] = ["a", "b"], gold: [Int?] = [0, 1],
            predictions: [Prediction?]? = nil, items: [ItemDimension] = [], coders: [AnnotatorDimension] = []
        ) throws(SlicesError) -> SliceData {
            try SliceData(
                labels: labels, annotators: annotators, ratings: ratings, gold: gold, predictions: predictions,
                itemDimensions: items, annotatorDimensions: coders)
        }
        #expect(throws: SlicesError.labelCountMismatch(names: 3, categories: 2)) { try make(labels: ["a", "b", "c"]) }
        #expect(throws: SlicesError.annotatorCountMismatch(names: 1, coders: 2)) { try make(annotators: ["a"]) }
        #expect(throws: SlicesError.countMismatch(what: "gold labels", expected: 2, got: 1)) { try make(gold: [0]) }
        #expect(throws: SlicesError.labelOutOfRange(what: "gold", item: 1, label: 2, labelCount: 2)) { try make(gold: [0, 2]) }
        #expect(throws: SlicesError.labelOutOfRange(what: "predicted", item: 0, label: -1, labelCount: 2)) {
            try make(predictions: [Prediction(label: -1), nil])
        }
        #expect(throws: SlicesError.invalidProbabilities(item: 1, reason: "3 values for 2 labels")) {
            try make(predictions: [nil, Prediction(label: 1, probabilities: [0.2, 0.3, 0.5])])
        }
        #expect(throws: SlicesError.duplicateDimension(name: "lang")) {
            try make(items: [ItemDimension(name: "lang", values: ["a", "b"])],
                     coders: [AnnotatorDimension(name: "lang", values: ["x", "y"])])
        }
        #expect(throws: SlicesError.countMismatch(what: "values of region", expected: 2, got: 3)) {
            try make(coders: [AnnotatorDimension(name: "region", values: ["x", "y", "z"])])
        }
        let data = try make()
        #expect(throws: SlicesError.self) { try SliceAnalysis(data, options: SliceOptions(draws: -1)) }
        #expect(throws: SlicesError.self) { try SliceAnalysis(data, options: SliceOptions(confidenceLevel: 1)) }
        #expect(throws: SlicesError.self) { try SliceAnalysis(data, options: SliceOptions(minimumSliceSize: 0)) }
        #expect(SlicesError.duplicateDimension(name: "lang").description == "slice dimension \"lang\" is given twice")
    }
}
