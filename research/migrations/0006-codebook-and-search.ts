/**
 * A codebook with parents (a code may sit under another, as in ATLAS.ti, NVivo and QualCoder)
 * and full-text search over quotes and observation notes.
 *
 * The search index holds each text's words twice: as written (lower case, accents kept for the
 * stemmer) and as Dutch stems, so "aanvragen" finds "aanvraag". Stemming happens in TypeScript
 * (research/search/), not in SQL, so writes mark a text as pending and the next search indexes
 * it. Deleting or changing a text removes its index row in the same statement, by trigger: a
 * withdrawn consent or an erased quote leaves no searchable words behind, whoever deleted it
 * (an import, an erasure, a session deleted with its quotes). The index tables run with FTS5's
 * secure-delete, so removed words are overwritten in the file, as the rest of the store is.
 * (The triggers test for a pending row rather than INSERT OR IGNORE: an upsert's own conflict
 * clause overrides the one inside a trigger.)
 */
import type Database from 'better-sqlite3';

export default function migrate(db: Database.Database): void {
  db.exec(`
    ALTER TABLE tags ADD COLUMN parent_id INTEGER REFERENCES tags(id) ON DELETE SET NULL;
    CREATE INDEX tags_parent ON tags(parent_id);

    CREATE VIRTUAL TABLE quote_search USING fts5(words, stems, tokenize = 'unicode61 remove_diacritics 2');
    INSERT INTO quote_search (quote_search, rank) VALUES ('secure-delete', 1);
    CREATE VIRTUAL TABLE note_search USING fts5(words, stems, tokenize = 'unicode61 remove_diacritics 2');
    INSERT INTO note_search (note_search, rank) VALUES ('secure-delete', 1);

    CREATE TABLE search_pending (
      kind TEXT NOT NULL CHECK (kind IN ('quote', 'note')),
      id INTEGER NOT NULL,
      PRIMARY KEY (kind, id)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO search_pending (kind, id) SELECT 'quote', id FROM quotes;
    INSERT INTO search_pending (kind, id) SELECT 'note', id FROM observations WHERE note IS NOT NULL;

    CREATE TRIGGER quotes_search_insert AFTER INSERT ON quotes BEGIN
      INSERT INTO search_pending (kind, id) SELECT 'quote', new.id
        WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE kind = 'quote' AND id = new.id);
    END;
    CREATE TRIGGER quotes_search_update AFTER UPDATE OF text, note ON quotes BEGIN
      DELETE FROM quote_search WHERE rowid = old.id;
      INSERT INTO search_pending (kind, id) SELECT 'quote', new.id
        WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE kind = 'quote' AND id = new.id);
    END;
    CREATE TRIGGER quotes_search_delete AFTER DELETE ON quotes BEGIN
      DELETE FROM quote_search WHERE rowid = old.id;
      DELETE FROM search_pending WHERE kind = 'quote' AND id = old.id;
    END;

    CREATE TRIGGER notes_search_insert AFTER INSERT ON observations WHEN new.note IS NOT NULL BEGIN
      INSERT INTO search_pending (kind, id) SELECT 'note', new.id
        WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE kind = 'note' AND id = new.id);
    END;
    CREATE TRIGGER notes_search_update AFTER UPDATE OF note ON observations BEGIN
      DELETE FROM note_search WHERE rowid = old.id;
      INSERT INTO search_pending (kind, id) SELECT 'note', new.id
        WHERE new.note IS NOT NULL AND NOT EXISTS (SELECT 1 FROM search_pending WHERE kind = 'note' AND id = new.id);
    END;
    CREATE TRIGGER notes_search_delete AFTER DELETE ON observations BEGIN
      DELETE FROM note_search WHERE rowid = old.id;
      DELETE FROM search_pending WHERE kind = 'note' AND id = old.id;
    END;
  `);
}
