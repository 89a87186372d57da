"""Named, append-only schema migrations; never edit one that has shipped, add a new one."""

from __future__ import annotations

MIGRATIONS: list[tuple[str, str]] = [
    (
        "001_runs",
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            channel TEXT NOT NULL,
            request TEXT NOT NULL,
            model TEXT NOT NULL,
            status TEXT NOT NULL,          -- running | ok | error | cancelled | budget
            answer TEXT,
            error TEXT
        );
        CREATE TABLE steps (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            kind TEXT NOT NULL,            -- model | tool
            started_at TEXT NOT NULL,
            seconds REAL NOT NULL,
            prompt_tokens INTEGER,
            prompt_tokens_processed INTEGER,
            completion_tokens INTEGER,
            prefill_seconds REAL,
            decode_seconds REAL,
            output TEXT,                   -- model: raw output; tool: result text
            tool TEXT,
            arguments TEXT,                -- JSON
            labels TEXT,                   -- JSON: result label and argument labels
            decision TEXT,                 -- allow | ask:yes | ask:no | deny, with reason
            error TEXT
        );
        CREATE INDEX steps_run ON steps(run_id, idx);
        """,
    ),
    (
        "002_reminders",
        """
        CREATE TABLE reminders (
            id INTEGER PRIMARY KEY,
            text TEXT NOT NULL,
            due_at TEXT NOT NULL,          -- UTC, ISO 8601
            timezone TEXT NOT NULL,        -- the zone the user's words were resolved in
            created_at TEXT NOT NULL,
            done_at TEXT,
            notified_at TEXT,
            run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL
        );
        CREATE INDEX reminders_due ON reminders(done_at, due_at);
        """,
    ),
    (
        "003_memory",
        """
        CREATE TABLE mem_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO mem_meta VALUES ('store_id', lower(hex(randomblob(16))));
        INSERT INTO mem_meta VALUES ('vector_epoch', '0');
        CREATE TABLE mem_documents (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            path TEXT NOT NULL UNIQUE,     -- absolute
            source TEXT NOT NULL,
            format TEXT NOT NULL,          -- markdown | text | html | pdf
            title TEXT NOT NULL,
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            created_at TEXT NOT NULL,      -- front-matter date, else the file's mtime (UTC)
            modified_at TEXT NOT NULL,
            indexed_at TEXT NOT NULL,
            forgotten INTEGER NOT NULL DEFAULT 0  -- not indexed again while unchanged
        );
        -- AUTOINCREMENT: ids are never reused, so derived caches keyed by id stay honest
        CREATE TABLE mem_items (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,            -- note | chunk | event | episode
            source TEXT NOT NULL,
            trusted INTEGER NOT NULL,      -- 1: the user's own words or familiar's records
            title TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            created_at TEXT NOT NULL,      -- when it happened or was written (UTC)
            added_at TEXT NOT NULL,
            doc_id INTEGER REFERENCES mem_documents(id) ON DELETE CASCADE,
            seq INTEGER,                   -- chunk number inside its document
            run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL
        );
        CREATE INDEX mem_items_kind ON mem_items(kind, created_at);
        CREATE INDEX mem_items_source ON mem_items(source, created_at);
        CREATE INDEX mem_items_created ON mem_items(created_at);
        CREATE INDEX mem_items_doc ON mem_items(doc_id, seq);
        CREATE TABLE mem_tags (
            tag TEXT NOT NULL,
            item_id INTEGER NOT NULL REFERENCES mem_items(id) ON DELETE CASCADE,
            PRIMARY KEY (tag, item_id)
        ) WITHOUT ROWID;
        CREATE INDEX mem_tags_item ON mem_tags(item_id);
        CREATE VIRTUAL TABLE mem_fts USING fts5(
            title, text, content='mem_items', content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER mem_items_fts_insert AFTER INSERT ON mem_items BEGIN
            INSERT INTO mem_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
        END;
        CREATE TRIGGER mem_items_fts_delete AFTER DELETE ON mem_items BEGIN
            INSERT INTO mem_fts(mem_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
        END;
        CREATE TRIGGER mem_items_fts_update AFTER UPDATE OF title, text ON mem_items BEGIN
            INSERT INTO mem_fts(mem_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
            INSERT INTO mem_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
        END;
        CREATE TABLE mem_vectors (
            id INTEGER PRIMARY KEY AUTOINCREMENT,  -- grows only: the ANN cache appends by it
            item_id INTEGER NOT NULL REFERENCES mem_items(id) ON DELETE CASCADE,
            model TEXT NOT NULL,           -- embedding model name
            dim INTEGER NOT NULL,
            vector BLOB NOT NULL,          -- float32, little-endian, L2-normalised
            UNIQUE (item_id, model)
        );
        CREATE INDEX mem_vectors_model ON mem_vectors(model, id);
        CREATE TABLE mem_facts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            statement TEXT,                -- the user's words it was learned from
            source TEXT NOT NULL,          -- learned | profile (set by hand) | tool
            run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
            item_id INTEGER REFERENCES mem_items(id) ON DELETE SET NULL,
            valid_from TEXT NOT NULL,
            valid_to TEXT,                 -- NULL: the current value
            ended_by TEXT,                 -- superseded | retracted | unset
            ended_item INTEGER REFERENCES mem_items(id) ON DELETE SET NULL,
            supersedes INTEGER REFERENCES mem_facts(id) ON DELETE SET NULL
        );
        CREATE INDEX mem_facts_key ON mem_facts(key, valid_from);
        CREATE INDEX mem_facts_item ON mem_facts(item_id);
        CREATE INDEX mem_facts_ended_item ON mem_facts(ended_item);
        CREATE UNIQUE INDEX mem_facts_current ON mem_facts(key) WHERE valid_to IS NULL;
        CREATE TABLE mem_episodes (
            item_id INTEGER PRIMARY KEY REFERENCES mem_items(id) ON DELETE CASCADE,
            started_at TEXT NOT NULL,
            ended_at TEXT NOT NULL,
            run_ids TEXT NOT NULL          -- JSON list
        );
        CREATE TABLE mem_episode_sources (
            episode_id INTEGER NOT NULL REFERENCES mem_items(id) ON DELETE CASCADE,
            item_id INTEGER NOT NULL REFERENCES mem_items(id) ON DELETE CASCADE,
            PRIMARY KEY (episode_id, item_id)
        ) WITHOUT ROWID;
        CREATE INDEX mem_episode_sources_item ON mem_episode_sources(item_id);
        CREATE TABLE mem_skipped (
            path TEXT PRIMARY KEY,
            reason TEXT NOT NULL,
            size INTEGER,
            mtime_ns INTEGER,
            at TEXT NOT NULL
        );
        """,
    ),
    (
        "004_skills",
        """
        CREATE TABLE skills (
            name TEXT PRIMARY KEY,
            state TEXT NOT NULL,           -- JSON: familiar.skills.state.SkillState
            updated_at TEXT NOT NULL
        );
        """,
    ),
    (
        "005_sources",
        """
        -- What sync knows about each file of a configured source (familiar.integrations).
        CREATE TABLE source_files (
            source TEXT NOT NULL,
            path TEXT NOT NULL,            -- absolute
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            synced_at TEXT NOT NULL,
            PRIMARY KEY (source, path)
        ) WITHOUT ROWID;
        -- The memory items (timeline events) each file produced; removed with the file.
        CREATE TABLE source_items (
            source TEXT NOT NULL,
            path TEXT NOT NULL,
            item_id INTEGER NOT NULL REFERENCES mem_items(id) ON DELETE CASCADE,
            PRIMARY KEY (source, path, item_id)
        ) WITHOUT ROWID;
        CREATE INDEX source_items_item ON source_items(item_id);
        -- Files, or messages inside a file, that were skipped, and why.
        CREATE TABLE source_skips (
            source TEXT NOT NULL,
            path TEXT NOT NULL,
            part TEXT NOT NULL,            -- '' for the whole file, else the message or entry
            reason TEXT NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (source, path, part)
        ) WITHOUT ROWID;
        CREATE TABLE source_syncs (
            source TEXT PRIMARY KEY,
            synced_at TEXT NOT NULL,
            seconds REAL NOT NULL,
            files INTEGER NOT NULL,
            changed INTEGER NOT NULL,
            removed INTEGER NOT NULL
        );
        """,
    ),
    (
        "007_dav",
        """
        -- CalDAV/CardDAV sources: each server resource as last synced (its ETag and body,
        -- which the skills read and writes start from) and each collection's ctag.
        CREATE TABLE dav_resources (
            source TEXT NOT NULL,
            url TEXT NOT NULL,             -- absolute URL of the resource
            collection TEXT NOT NULL,      -- absolute URL of its calendar or address book
            etag TEXT NOT NULL,
            body BLOB NOT NULL,
            PRIMARY KEY (source, url)
        ) WITHOUT ROWID;
        CREATE TABLE dav_collections (
            source TEXT NOT NULL,
            url TEXT NOT NULL,
            name TEXT NOT NULL,            -- its display name
            tag TEXT NOT NULL,             -- ctag or sync-token; '' when the server has none
            PRIMARY KEY (source, url)
        ) WITHOUT ROWID;
        """,
    ),
    (
        "008_vector_parts",
        """
        -- An item may have several vectors from one model: part 0 embeds the whole item,
        -- parts 1.. its sentence windows (familiar.memory.windows). Row ids are kept:
        -- the vector cache appends by them.
        CREATE TABLE mem_vectors_parts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            item_id INTEGER NOT NULL REFERENCES mem_items(id) ON DELETE CASCADE,
            model TEXT NOT NULL,           -- embedding model name
            part INTEGER NOT NULL DEFAULT 0,  -- 0: the whole item; 1..: its windows
            dim INTEGER NOT NULL,
            vector BLOB NOT NULL,          -- float32, little-endian, L2-normalised
            UNIQUE (item_id, model, part)
        );
        INSERT INTO mem_vectors_parts (id, item_id, model, part, dim, vector)
            SELECT id, item_id, model, 0, dim, vector FROM mem_vectors;
        DROP TABLE mem_vectors;
        ALTER TABLE mem_vectors_parts RENAME TO mem_vectors;
        CREATE INDEX mem_vectors_model ON mem_vectors(model, id);
        """,
    ),
    (
        "009_step_offered",
        """
        ALTER TABLE steps ADD COLUMN offered TEXT;  -- JSON: the tools a model step could call
        """,
    ),
]
