import GRDB

/// The named migrations of a project database. A migration is never edited once merged:
/// later changes are new migrations (`v2`, `v3`, …).
enum Schema {
    /// The item table's indexes. A bulk import into an empty project drops and rebuilds them:
    /// building an index from sorted keys is several times faster than a million random inserts.
    static let itemIndexes = """
        CREATE UNIQUE INDEX item_external_id ON item(external_id);
        CREATE INDEX item_text_hash ON item(text_hash);
        """
    static let dropItemIndexes = "DROP INDEX item_external_id; DROP INDEX item_text_hash;"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE item (
                    id INTEGER PRIMARY KEY,
                    external_id TEXT NOT NULL,
                    text TEXT NOT NULL CHECK (length(text) > 0),
                    lang TEXT,
                    metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
                    split TEXT NOT NULL CHECK (split IN ('train', 'dev', 'test')),
                    -- StableHash of external_id: places the item in its split and in each
                    -- annotator's seeded order.
                    id_hash INTEGER NOT NULL,
                    -- StableHash of text: finds exact duplicate texts under other ids.
                    text_hash INTEGER NOT NULL,
                    imported_at TEXT NOT NULL
                );
                \(itemIndexes)

                CREATE TABLE annotator (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
                    role TEXT NOT NULL CHECK (role IN ('annotator', 'lead')),
                    attributes TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes))
                );

                -- Append-only: a label is never updated or deleted. An annotator's current
                -- label on an item is their latest annotation that has not been retracted.
                CREATE TABLE annotation (
                    id INTEGER PRIMARY KEY,
                    item_id INTEGER NOT NULL REFERENCES item(id),
                    annotator_id INTEGER NOT NULL REFERENCES annotator(id),
                    label TEXT NOT NULL CHECK (length(label) > 0),
                    flags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(flags)),
                    note TEXT,
                    seconds REAL CHECK (seconds IS NULL OR seconds >= 0),
                    origin TEXT NOT NULL CHECK (origin IN ('cli', 'import', 'screen')),
                    created_at TEXT NOT NULL
                );
                CREATE INDEX annotation_item_annotator ON annotation(item_id, annotator_id, id);
                CREATE INDEX annotation_annotator ON annotation(annotator_id, id);

                -- Undo appends a retraction; the retracted annotation stays in the log.
                CREATE TABLE retraction (
                    annotation_id INTEGER PRIMARY KEY REFERENCES annotation(id),
                    created_at TEXT NOT NULL
                );

                -- A lead's gold label; a later adjudication of the same item supersedes it.
                CREATE TABLE adjudication (
                    id INTEGER PRIMARY KEY,
                    item_id INTEGER NOT NULL REFERENCES item(id),
                    lead_id INTEGER NOT NULL REFERENCES annotator(id),
                    label TEXT NOT NULL CHECK (length(label) > 0),
                    reason TEXT NOT NULL,
                    created_at TEXT NOT NULL
                );
                CREATE INDEX adjudication_item ON adjudication(item_id, id);

                CREATE TRIGGER annotation_is_append_only_update BEFORE UPDATE ON annotation
                BEGIN SELECT RAISE(ABORT, 'annotation is append-only'); END;
                CREATE TRIGGER annotation_is_append_only_delete BEFORE DELETE ON annotation
                BEGIN SELECT RAISE(ABORT, 'annotation is append-only'); END;
                CREATE TRIGGER adjudication_is_append_only_update BEFORE UPDATE ON adjudication
                BEGIN SELECT RAISE(ABORT, 'adjudication is append-only'); END;
                CREATE TRIGGER adjudication_is_append_only_delete BEFORE DELETE ON adjudication
                BEGIN SELECT RAISE(ABORT, 'adjudication is append-only'); END;

                -- The current label of each annotator on each item.
                CREATE VIEW current_label AS
                SELECT a.* FROM annotation a
                WHERE a.id = (
                    SELECT max(b.id) FROM annotation b
                    WHERE b.item_id = a.item_id AND b.annotator_id = a.annotator_id
                      AND NOT EXISTS (SELECT 1 FROM retraction r WHERE r.annotation_id = b.id)
                );
                """)
        }
        migrator.registerMigration("v2") { db in
            try db.execute(sql: """
                -- One vector per item and encoder. `encoder` is the encoder's content hash, so
                -- vectors of two encoders never mix.
                CREATE TABLE embedding (
                    item_id INTEGER NOT NULL REFERENCES item(id),
                    encoder TEXT NOT NULL,
                    dimension INTEGER NOT NULL CHECK (dimension > 0),
                    vector BLOB NOT NULL CHECK (length(vector) = 4 * dimension),
                    created_at TEXT NOT NULL,
                    PRIMARY KEY (item_id, encoder)
                ) WITHOUT ROWID;
                CREATE INDEX embedding_encoder ON embedding(encoder);
                """)
        }
        migrator.registerMigration("v3") { db in
            try db.execute(sql: """
                -- One training of the classifier head: what it learned from and how it did.
                CREATE TABLE run (
                    id INTEGER PRIMARY KEY,
                    created_at TEXT NOT NULL,
                    encoder TEXT NOT NULL,
                    labels TEXT NOT NULL CHECK (json_valid(labels)),
                    parameters TEXT NOT NULL CHECK (json_valid(parameters)),
                    data TEXT NOT NULL CHECK (json_valid(data)),
                    metrics TEXT NOT NULL CHECK (json_valid(metrics)),
                    seconds REAL NOT NULL,
                    model BLOB NOT NULL
                );
                -- A run's class probabilities for an item (Float32 per label, the run's label order).
                CREATE TABLE prediction (
                    run_id INTEGER NOT NULL REFERENCES run(id),
                    item_id INTEGER NOT NULL REFERENCES item(id),
                    probabilities BLOB NOT NULL,
                    PRIMARY KEY (run_id, item_id)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v4") { db in
            try db.execute(sql: """
                -- What the screen showed with the item when the label was given: whether the model's
                -- prediction was on screen (1) or held back (0), and what the model predicted (run,
                -- label) either way, so the stats can compare agreement with the model in both cases.
                -- NULL: the label did not come from the screen, or there was no model yet.
                ALTER TABLE annotation ADD COLUMN prediction_shown INTEGER CHECK (prediction_shown IN (0, 1));
                ALTER TABLE annotation ADD COLUMN model_run INTEGER REFERENCES run(id);
                ALTER TABLE annotation ADD COLUMN model_label TEXT;
                """)
        }
        migrator.registerMigration("v5") { db in
            try db.execute(sql: """
                -- The log minus what was undone: the one definition of a label that still counts.
                CREATE VIEW live_annotation AS
                SELECT a.* FROM annotation a
                WHERE NOT EXISTS (SELECT 1 FROM retraction r WHERE r.annotation_id = a.id);

                -- The current label of each annotator on each item: their latest live annotation.
                -- The same rows as v1's view, now defined through live_annotation.
                DROP VIEW current_label;
                CREATE VIEW current_label AS
                SELECT a.* FROM live_annotation a
                WHERE a.id = (
                    SELECT max(b.id) FROM live_annotation b
                    WHERE b.item_id = a.item_id AND b.annotator_id = a.annotator_id
                );
                """)
        }
        migrator.registerMigration("v6") { db in
            try db.execute(sql: """
                -- The rules that were kept by Opine's code, now kept by SQLite too, so that another
                -- client of the file (or the server store's twin) cannot break them: a retraction
                -- is never changed or removed, and only a lead adjudicates.
                CREATE TRIGGER retraction_is_append_only_update BEFORE UPDATE ON retraction
                BEGIN SELECT RAISE(ABORT, 'retraction is append-only'); END;
                CREATE TRIGGER retraction_is_append_only_delete BEFORE DELETE ON retraction
                BEGIN SELECT RAISE(ABORT, 'retraction is append-only'); END;
                CREATE TRIGGER adjudication_by_lead BEFORE INSERT ON adjudication
                WHEN (SELECT role FROM annotator WHERE id = NEW.lead_id) IS NOT 'lead'
                BEGIN SELECT RAISE(ABORT, 'only a lead adjudicates'); END;
                """)
        }
        migrator.registerMigration("v7") { db in
            try db.execute(sql: """
                -- An item handed out to an annotator, until `expires_at` (seconds since 1970): others
                -- are not handed it while its slots are taken; a vanished session's lease expires.
                -- Not part of the log: leases are replaced and removed as sessions move on.
                CREATE TABLE lease (
                    item_id INTEGER NOT NULL REFERENCES item(id),
                    annotator_id INTEGER NOT NULL REFERENCES annotator(id),
                    expires_at REAL NOT NULL,
                    PRIMARY KEY (item_id, annotator_id)
                ) WITHOUT ROWID;
                """)
        }
        return migrator
    }
}
