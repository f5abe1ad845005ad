import GRDB

extension StoredItem: FetchableRecord {
    /// The item table's columns as `StoredItem` reads them: every query for items selects this.
    static let columns = "id, external_id, text, lang, metadata, split"

    /// By column name, with the fields' own accessors: GRDB's Codable decoding would be
    /// derived from the same names but costs several times more per row, and `itemLabels`
    /// reads every item of a project.
    public init(row: Row) {
        self.init(rowId: row["id"], externalId: row["external_id"], text: row["text"], lang: row["lang"],
                  metadataJSON: row["metadata"], split: Split(rawValue: row["split"]) ?? .train)
    }
}
