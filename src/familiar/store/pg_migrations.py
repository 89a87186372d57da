"""Named, append-only schema migrations of the PostgreSQL store; never edit a shipped one.

The same tables as the SQLite store (familiar/store/migrations.py) in PostgreSQL's
types: TIMESTAMPTZ for times, JSONB for JSON, BOOLEAN for flags, `vector` (pgvector)
for embeddings, and a stored `tsvector` with a GIN index for the text leg of search.
Identity ids are never reused, like SQLite's AUTOINCREMENT.
"""

from __future__ import annotations

PG_MIGRATIONS: list[tuple[str, str]] = [
    (
        "pg001_runs_reminders",
        """
        CREATE TABLE runs (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            started_at TIMESTAMPTZ NOT NULL,
            finished_at TIMESTAMPTZ,
            channel TEXT NOT NULL,
            request TEXT NOT NULL,
            model TEXT NOT NULL,
            status TEXT NOT NULL,
            answer TEXT,
            error TEXT
        );
        CREATE TABLE steps (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            run_id BIGINT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            kind TEXT NOT NULL,
            started_at TIMESTAMPTZ NOT NULL,
            seconds DOUBLE PRECISION NOT NULL,
            prompt_tokens INTEGER,
            prompt_tokens_processed INTEGER,
            completion_tokens INTEGER,
            prefill_seconds DOUBLE PRECISION,
            decode_seconds DOUBLE PRECISION,
            output TEXT,
            tool TEXT,
            arguments JSONB,
            labels JSONB,
            decision TEXT,
            error TEXT,
            UNIQUE (run_id, idx)
        );
        CREATE TABLE reminders (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            text TEXT NOT NULL,
            due_at TIMESTAMPTZ NOT NULL,
            timezone TEXT NOT NULL,
            created_at TIMESTAMPTZ NOT NULL,
            done_at TIMESTAMPTZ,
            notified_at TIMESTAMPTZ,
            run_id BIGINT REFERENCES runs(id) ON DELETE SET NULL
        );
        CREATE INDEX reminders_due ON reminders(done_at, due_at);
        """,
    ),
    (
        "pg002_memory",
        """
        CREATE EXTENSION IF NOT EXISTS vector;
        CREATE TABLE mem_documents (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL,
            format TEXT NOT NULL,
            title TEXT NOT NULL,
            size BIGINT NOT NULL,
            mtime_ns BIGINT NOT NULL,
            sha256 TEXT NOT NULL,
            created_at TIMESTAMPTZ NOT NULL,
            modified_at TIMESTAMPTZ NOT NULL,
            indexed_at TIMESTAMPTZ NOT NULL,
            forgotten BOOLEAN NOT NULL DEFAULT false
        );
        CREATE TABLE mem_items (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            kind TEXT NOT NULL,
            source TEXT NOT NULL,
            trusted BOOLEAN NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            tags TEXT[] NOT NULL DEFAULT '{}',
            created_at TIMESTAMPTZ NOT NULL,
            added_at TIMESTAMPTZ NOT NULL,
            doc_id BIGINT REFERENCES mem_documents(id) ON DELETE CASCADE,
            seq INTEGER,
            run_id BIGINT REFERENCES runs(id) ON DELETE SET NULL,
            -- the text leg: title weighs A, text B; kept by PostgreSQL on every write
            tsv TSVECTOR GENERATED ALWAYS AS (
                setweight(to_tsvector('english', title), 'A')
                || setweight(to_tsvector('english', text), 'B')
            ) STORED
        );
        CREATE INDEX mem_items_kind ON mem_items(kind, created_at);
        CREATE INDEX mem_items_source ON mem_items(source, created_at);
        CREATE INDEX mem_items_created ON mem_items(created_at);
        CREATE INDEX mem_items_doc ON mem_items(doc_id, seq);
        CREATE INDEX mem_items_tags ON mem_items USING GIN (tags);
        CREATE INDEX mem_items_tsv ON mem_items USING GIN (tsv);
        CREATE TABLE mem_vectors (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            item_id BIGINT NOT NULL REFERENCES mem_items(id) ON DELETE CASCADE,
            model TEXT NOT NULL,
            dim INTEGER NOT NULL,
            vector VECTOR NOT NULL,        -- L2-normalised; compared only within one model
            UNIQUE (item_id, model)
        );
        CREATE INDEX mem_vectors_model ON mem_vectors(model, item_id);
        CREATE TABLE mem_facts (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            statement TEXT,
            source TEXT NOT NULL,
            run_id BIGINT REFERENCES runs(id) ON DELETE SET NULL,
            item_id BIGINT REFERENCES mem_items(id) ON DELETE SET NULL,
            valid_from TIMESTAMPTZ NOT NULL,
            valid_to TIMESTAMPTZ,
            ended_by TEXT,
            ended_item BIGINT REFERENCES mem_items(id) ON DELETE SET NULL,
            supersedes BIGINT REFERENCES mem_facts(id) ON DELETE SET NULL
        );
        CREATE INDEX mem_facts_key ON mem_facts(key, valid_from);
        CREATE INDEX mem_facts_item ON mem_facts(item_id);
        CREATE INDEX mem_facts_ended_item ON mem_facts(ended_item);
        CREATE UNIQUE INDEX mem_facts_current ON mem_facts(key) WHERE valid_to IS NULL;
        CREATE TABLE mem_episodes (
            item_id BIGINT PRIMARY KEY REFERENCES mem_items(id) ON DELETE CASCADE,
            started_at TIMESTAMPTZ NOT NULL,
            ended_at TIMESTAMPTZ NOT NULL,
            run_ids JSONB NOT NULL
        );
        CREATE TABLE mem_episode_sources (
            episode_id BIGINT NOT NULL REFERENCES mem_items(id) ON DELETE CASCADE,
            item_id BIGINT NOT NULL REFERENCES mem_items(id) ON DELETE CASCADE,
            PRIMARY KEY (episode_id, item_id)
        );
        CREATE INDEX mem_episode_sources_item ON mem_episode_sources(item_id);
        CREATE TABLE mem_skipped (
            path TEXT PRIMARY KEY,
            reason TEXT NOT NULL,
            size BIGINT,
            at TIMESTAMPTZ NOT NULL
        );
        """,
    ),
    (
        "pg003_skills",
        """
        CREATE TABLE skills (
            name TEXT PRIMARY KEY,
            state JSONB NOT NULL,
            updated_at TIMESTAMPTZ NOT NULL
        );
        """,
    ),
    (
        "pg004_sources",
        """
        -- familiar.integrations: what sync knows about each file (or message, or DAV
        -- resource, by URL) of a configured source; the SQLite store's 005_sources.
        CREATE TABLE source_files (
            source TEXT NOT NULL,
            path TEXT NOT NULL,
            size BIGINT NOT NULL,
            mtime_ns BIGINT NOT NULL,
            sha256 TEXT NOT NULL,
            synced_at TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (source, path)
        );
        -- the memory items (timeline events) each file produced; gone with the item
        CREATE TABLE source_items (
            source TEXT NOT NULL,
            path TEXT NOT NULL,
            item_id BIGINT NOT NULL REFERENCES mem_items(id) ON DELETE CASCADE,
            PRIMARY KEY (source, path, item_id)
        );
        CREATE INDEX source_items_item ON source_items(item_id);
        CREATE TABLE source_skips (
            source TEXT NOT NULL,
            path TEXT NOT NULL,
            part TEXT NOT NULL,            -- '' for the whole file, else the message or entry
            reason TEXT NOT NULL,
            at TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (source, path, part)
        );
        CREATE TABLE source_syncs (
            source TEXT PRIMARY KEY,
            synced_at TIMESTAMPTZ NOT NULL,
            seconds DOUBLE PRECISION NOT NULL,
            files INTEGER NOT NULL,
            changed INTEGER NOT NULL,
            removed INTEGER NOT NULL
        );
        -- CalDAV/CardDAV: each resource as last synced, each collection's tag (007_dav)
        CREATE TABLE dav_resources (
            source TEXT NOT NULL,
            url TEXT NOT NULL,
            collection TEXT NOT NULL,
            etag TEXT NOT NULL,
            body BYTEA NOT NULL,
            PRIMARY KEY (source, url)
        );
        CREATE TABLE dav_collections (
            source TEXT NOT NULL,
            url TEXT NOT NULL,
            name TEXT NOT NULL,
            tag TEXT NOT NULL,
            PRIMARY KEY (source, url)
        );
        """,
    ),
    (
        "pg005_step_offered",
        "ALTER TABLE steps ADD COLUMN offered JSONB;  -- the tools a model step could call",
    ),
]
