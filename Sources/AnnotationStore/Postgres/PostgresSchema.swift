import Foundation

/// The PostgreSQL store's numbered migrations, the same tables and invariants as the SQLite
/// schema (v1–v6 there): an append-only log, undo as a retraction, adjudication by leads only,
/// all enforced by the server so that a second client cannot break them either. A migration is
/// never edited once merged; later changes are new entries.
enum PostgresSchema {
    static let migrations: [String] = [
        // 1: the whole schema as of SQLite's v6.
        """
        CREATE TABLE item (
            id BIGSERIAL PRIMARY KEY,
            external_id TEXT NOT NULL UNIQUE,
            text TEXT NOT NULL CHECK (length(text) > 0),
            lang TEXT,
            -- Kept as the text Opine wrote (exports copy it); must be valid JSON.
            metadata TEXT NOT NULL DEFAULT '{}' CHECK (metadata::jsonb IS NOT NULL),
            split TEXT NOT NULL CHECK (split IN ('train', 'dev', 'test')),
            id_hash BIGINT NOT NULL,
            text_hash BIGINT NOT NULL,
            imported_at TIMESTAMPTZ NOT NULL
        );
        CREATE INDEX item_text_hash ON item(text_hash);

        CREATE TABLE annotator (
            id BIGSERIAL PRIMARY KEY,
            name TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
            role TEXT NOT NULL CHECK (role IN ('annotator', 'lead')),
            attributes TEXT NOT NULL DEFAULT '{}' CHECK (attributes::jsonb IS NOT NULL)
        );

        CREATE TABLE run (
            id BIGSERIAL PRIMARY KEY,
            created_at TIMESTAMPTZ NOT NULL,
            encoder TEXT NOT NULL,
            labels TEXT NOT NULL CHECK (labels::jsonb IS NOT NULL),
            parameters TEXT NOT NULL CHECK (parameters::jsonb IS NOT NULL),
            data TEXT NOT NULL CHECK (data::jsonb IS NOT NULL),
            metrics TEXT NOT NULL CHECK (metrics::jsonb IS NOT NULL),
            seconds DOUBLE PRECISION NOT NULL,
            model BYTEA NOT NULL
        );

        -- Append-only: a label is never updated or deleted.
        CREATE TABLE annotation (
            id BIGSERIAL PRIMARY KEY,
            item_id BIGINT NOT NULL REFERENCES item(id),
            annotator_id BIGINT NOT NULL REFERENCES annotator(id),
            label TEXT NOT NULL CHECK (length(label) > 0),
            flags TEXT NOT NULL DEFAULT '[]' CHECK (flags::jsonb IS NOT NULL),
            note TEXT,
            seconds DOUBLE PRECISION CHECK (seconds IS NULL OR seconds >= 0),
            origin TEXT NOT NULL CHECK (origin IN ('cli', 'import', 'screen')),
            created_at TIMESTAMPTZ NOT NULL,
            prediction_shown BOOLEAN,
            model_run BIGINT REFERENCES run(id),
            model_label TEXT,
            -- A label sent again (a retry after a timeout) is stored once.
            request_key TEXT UNIQUE
        );
        CREATE INDEX annotation_item_annotator ON annotation(item_id, annotator_id, id);
        CREATE INDEX annotation_annotator ON annotation(annotator_id, id);

        CREATE TABLE retraction (
            annotation_id BIGINT PRIMARY KEY REFERENCES annotation(id),
            created_at TIMESTAMPTZ NOT NULL
        );

        CREATE TABLE adjudication (
            id BIGSERIAL PRIMARY KEY,
            item_id BIGINT NOT NULL REFERENCES item(id),
            lead_id BIGINT NOT NULL REFERENCES annotator(id),
            label TEXT NOT NULL CHECK (length(label) > 0),
            reason TEXT NOT NULL,
            created_at TIMESTAMPTZ NOT NULL
        );
        CREATE INDEX adjudication_item ON adjudication(item_id, id);

        CREATE FUNCTION opine_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;
        CREATE TRIGGER annotation_append_only BEFORE UPDATE OR DELETE ON annotation
            FOR EACH ROW EXECUTE FUNCTION opine_append_only();
        CREATE TRIGGER retraction_append_only BEFORE UPDATE OR DELETE ON retraction
            FOR EACH ROW EXECUTE FUNCTION opine_append_only();
        CREATE TRIGGER adjudication_append_only BEFORE UPDATE OR DELETE ON adjudication
            FOR EACH ROW EXECUTE FUNCTION opine_append_only();

        CREATE FUNCTION opine_lead_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF (SELECT role FROM annotator WHERE id = NEW.lead_id) IS DISTINCT FROM 'lead' THEN
                RAISE EXCEPTION 'only a lead adjudicates';
            END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER adjudication_by_lead BEFORE INSERT ON adjudication
            FOR EACH ROW EXECUTE FUNCTION opine_lead_only();

        CREATE VIEW live_annotation AS
        SELECT a.* FROM annotation a
        WHERE NOT EXISTS (SELECT 1 FROM retraction r WHERE r.annotation_id = a.id);

        CREATE VIEW current_label AS
        SELECT a.* FROM live_annotation a
        WHERE a.id = (SELECT max(b.id) FROM live_annotation b WHERE b.item_id = a.item_id AND b.annotator_id = a.annotator_id);

        CREATE TABLE embedding (
            item_id BIGINT NOT NULL REFERENCES item(id),
            encoder TEXT NOT NULL,
            dimension INTEGER NOT NULL CHECK (dimension > 0),
            vector BYTEA NOT NULL CHECK (length(vector) = 4 * dimension),
            created_at TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (item_id, encoder)
        );
        CREATE INDEX embedding_encoder ON embedding(encoder);

        CREATE TABLE prediction (
            run_id BIGINT NOT NULL REFERENCES run(id),
            item_id BIGINT NOT NULL REFERENCES item(id),
            probabilities BYTEA NOT NULL,
            PRIMARY KEY (run_id, item_id)
        );
        """,
        // 2: leases (SQLite's v7): an item handed out to an annotator until it expires.
        """
        CREATE TABLE lease (
            item_id BIGINT NOT NULL REFERENCES item(id),
            annotator_id BIGINT NOT NULL REFERENCES annotator(id),
            expires_at DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (item_id, annotator_id)
        );
        """,
        // 3: a label and a lease each in one round trip: the same steps as the client's
        // transactions were (lock the item, check the request key, the annotator's current label,
        // the slots others hold), run by the server. In READ COMMITTED each statement of a
        // function sees what others committed before it started, so after waiting for the item's
        // lock the count of holders is current, as it was in the client's transaction.
        """
        CREATE FUNCTION opine_record_label(p_item TEXT, p_annotator TEXT, p_label TEXT, p_flags TEXT, p_note TEXT,
                                           p_seconds DOUBLE PRECISION, p_origin TEXT, p_created TIMESTAMPTZ, p_shown BOOLEAN,
                                           p_run BIGINT, p_model_label TEXT, p_key TEXT, p_overlap INTEGER, p_now DOUBLE PRECISION)
        RETURNS TABLE(o_outcome TEXT, o_id BIGINT, o_previous TEXT) LANGUAGE plpgsql AS $$
        DECLARE
            v_item BIGINT;
            v_annotator BIGINT;
            v_id BIGINT;
            v_previous TEXT;
            v_holders INTEGER;
        BEGIN
            SELECT id INTO v_item FROM item WHERE external_id = p_item FOR UPDATE;
            IF NOT FOUND THEN RETURN QUERY SELECT 'unknown_item'::text, NULL::bigint, NULL::text; RETURN; END IF;
            SELECT id INTO v_annotator FROM annotator WHERE name = p_annotator;
            IF NOT FOUND THEN RETURN QUERY SELECT 'unknown_annotator'::text, NULL::bigint, NULL::text; RETURN; END IF;
            SELECT id INTO v_id FROM annotation WHERE request_key = p_key;
            IF FOUND THEN RETURN QUERY SELECT 'stored'::text, v_id, NULL::text; RETURN; END IF;
            SELECT label INTO v_previous FROM live_annotation
            WHERE item_id = v_item AND annotator_id = v_annotator ORDER BY id DESC LIMIT 1;
            IF v_previous IS NULL THEN
                SELECT count(*) INTO v_holders FROM (
                    SELECT annotator_id FROM live_annotation WHERE item_id = v_item
                    UNION SELECT annotator_id FROM lease WHERE item_id = v_item AND expires_at > p_now
                ) holders WHERE annotator_id <> v_annotator;
                IF v_holders >= p_overlap THEN RETURN QUERY SELECT 'full'::text, NULL::bigint, NULL::text; RETURN; END IF;
            END IF;
            INSERT INTO annotation(item_id, annotator_id, label, flags, note, seconds, origin, created_at,
                                   prediction_shown, model_run, model_label, request_key)
            VALUES (v_item, v_annotator, p_label, p_flags, p_note, p_seconds, p_origin, p_created,
                    p_shown, p_run, p_model_label, p_key)
            RETURNING id INTO v_id;
            DELETE FROM lease WHERE item_id = v_item AND annotator_id = v_annotator;
            RETURN QUERY SELECT 'recorded'::text, v_id, v_previous;
        END $$;

        CREATE FUNCTION opine_lease(p_item BIGINT, p_annotator TEXT, p_overlap INTEGER, p_expires DOUBLE PRECISION,
                                    p_now DOUBLE PRECISION)
        RETURNS TEXT LANGUAGE plpgsql AS $$
        DECLARE
            v_annotator BIGINT;
            v_holders INTEGER;
        BEGIN
            -- Another host leasing this item at this instant: move on rather than wait.
            PERFORM 1 FROM item WHERE id = p_item FOR UPDATE SKIP LOCKED;
            IF NOT FOUND THEN RETURN 'busy'; END IF;
            SELECT id INTO v_annotator FROM annotator WHERE name = p_annotator;
            IF NOT FOUND THEN RETURN 'unknown_annotator'; END IF;
            IF NOT EXISTS (SELECT 1 FROM live_annotation WHERE item_id = p_item AND annotator_id = v_annotator) THEN
                SELECT count(*) INTO v_holders FROM (
                    SELECT annotator_id FROM live_annotation WHERE item_id = p_item
                    UNION SELECT annotator_id FROM lease WHERE item_id = p_item AND expires_at > p_now
                ) holders WHERE annotator_id <> v_annotator;
                IF v_holders >= p_overlap THEN RETURN 'full'; END IF;
            END IF;
            INSERT INTO lease(item_id, annotator_id, expires_at) VALUES (p_item, v_annotator, p_expires)
            ON CONFLICT (item_id, annotator_id) DO UPDATE SET expires_at = excluded.expires_at;
            RETURN 'leased';
        END $$;
        """,
    ]

    /// The item table's secondary indexes as migration 1 made them (its unique id and the text
    /// hash). A bulk import into an empty project drops and rebuilds them in its transaction,
    /// as the SQLite store does (`Schema.itemIndexes`): a sorted build beats a million inserts.
    static let itemIndexes = [
        "ALTER TABLE item ADD CONSTRAINT item_external_id_key UNIQUE (external_id)",
        "CREATE INDEX item_text_hash ON item(text_hash)",
    ]
    static let dropItemIndexes = ["ALTER TABLE item DROP CONSTRAINT item_external_id_key", "DROP INDEX item_text_hash"]

    /// A migration's statements, one by one (the extended protocol takes one command at a
    /// time): split at semicolons that end a line, outside `$$` function bodies.
    static func statements(_ migration: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var inBody = false
        for line in migration.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("--") && current.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { continue }
            current += line + "\n"
            if line.components(separatedBy: "$$").count % 2 == 0 { inBody.toggle() }
            if !inBody && trimmed.hasSuffix(";") {
                statements.append(current.trimmingCharacters(in: .whitespacesAndNewlines))
                current = ""
            }
        }
        let rest = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty { statements.append(rest) }
        return statements
    }
}
