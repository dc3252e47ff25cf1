"""The SQLite store's first nine migration steps, kept to bring an old store forward.

Up to step 9 a SQLite store was migrated by these steps, ``PRAGMA user_version`` recording the
step reached. Since then the schema has one history for SQLite and PostgreSQL alike, Alembic's
revisions in :mod:`coi.migrations`, whose first revision is step 9's schema: an older SQLite
store is taken through the rest of these steps and then stamped with that revision
(:mod:`coi.store.migrate`). A new change of the schema is a new revision there, never a step
here.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: first release
    """
    CREATE TABLE sources (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        country TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        start_urls TEXT NOT NULL DEFAULT '[]',
        last_crawled TEXT
    );
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_checked TEXT NOT NULL,
        gone INTEGER NOT NULL DEFAULT 0,
        latest_version INTEGER,
        etag TEXT,
        last_modified TEXT,
        change_seq INTEGER NOT NULL
    );
    CREATE INDEX documents_change_seq ON documents(change_seq);
    CREATE INDEX documents_source ON documents(source);
    CREATE TABLE versions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        document_id TEXT NOT NULL REFERENCES documents(id),
        retrieved TEXT NOT NULL,
        http_status INTEGER NOT NULL,
        content_type TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        text_sha256 TEXT NOT NULL,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        published TEXT,
        author TEXT,
        language TEXT NOT NULL,
        language_shares TEXT NOT NULL DEFAULT '{}',
        countries TEXT NOT NULL DEFAULT '[]',
        countries_mentioned TEXT NOT NULL DEFAULT '[]',
        topics TEXT NOT NULL DEFAULT '[]',
        doc_type TEXT NOT NULL DEFAULT 'other',
        headers TEXT NOT NULL DEFAULT '{}',
        pages TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX versions_document ON versions(document_id);
    CREATE INDEX versions_text ON versions(text_sha256);
    CREATE TABLE crawls (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        started TEXT NOT NULL,
        finished TEXT
    );
    CREATE TABLE frontier (
        crawl_id INTEGER NOT NULL REFERENCES crawls(id),
        url TEXT NOT NULL,
        source TEXT NOT NULL,
        depth INTEGER NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending',
        added INTEGER NOT NULL,
        PRIMARY KEY (crawl_id, url)
    );
    CREATE INDEX frontier_pending ON frontier(crawl_id, state, added);
    CREATE TABLE crawl_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        crawl_id INTEGER,
        time TEXT NOT NULL,
        source TEXT NOT NULL,
        url TEXT NOT NULL,
        event TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        http_status INTEGER
    );
    CREATE INDEX crawl_log_crawl ON crawl_log(crawl_id, event);
    CREATE TABLE counters (
        name TEXT PRIMARY KEY,
        value INTEGER NOT NULL
    );
    INSERT INTO counters VALUES ('change_seq', 0);
    """,
    # 2: the librarians' desk: accounts, collections, corrections, source edits, audit trail
    """
    CREATE TABLE users (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('curator', 'admin')),
        password_hash TEXT NOT NULL,
        created TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE collections (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        public INTEGER NOT NULL DEFAULT 0,
        owner TEXT NOT NULL,
        created TEXT NOT NULL,
        updated TEXT NOT NULL
    );
    CREATE TABLE collection_items (
        collection_id TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
        document_id TEXT NOT NULL REFERENCES documents(id),
        position INTEGER NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        added TEXT NOT NULL,
        PRIMARY KEY (collection_id, document_id)
    );
    CREATE INDEX collection_items_document ON collection_items(document_id);
    CREATE TABLE corrections (
        document_id TEXT NOT NULL REFERENCES documents(id),
        field TEXT NOT NULL,
        value TEXT NOT NULL,
        curator TEXT NOT NULL,
        time TEXT NOT NULL,
        PRIMARY KEY (document_id, field)
    );
    CREATE TABLE source_edits (
        source_id TEXT PRIMARY KEY REFERENCES sources(id),
        description TEXT,
        kind TEXT,
        country TEXT,
        paused INTEGER NOT NULL DEFAULT 0,
        curator TEXT NOT NULL,
        time TEXT NOT NULL
    );
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        time TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target_type TEXT NOT NULL,
        target_id TEXT NOT NULL,
        before TEXT NOT NULL DEFAULT 'null',
        after TEXT NOT NULL DEFAULT 'null'
    );
    CREATE INDEX audit_target ON audit(target_type, target_id);
    CREATE INDEX audit_actor ON audit(actor)
    """,
    # 3: duplicates: one fingerprint per document, groups a curator can confirm, split, merge
    """
    CREATE TABLE fingerprints (
        document_id TEXT PRIMARY KEY REFERENCES documents(id),
        text_sha256 TEXT NOT NULL,
        simhash INTEGER NOT NULL,
        bands TEXT NOT NULL
    );
    CREATE INDEX fingerprints_text ON fingerprints(text_sha256);
    CREATE TABLE fingerprint_bands (
        band INTEGER NOT NULL,
        document_id TEXT NOT NULL REFERENCES documents(id),
        PRIMARY KEY (band, document_id)
    ) WITHOUT ROWID;
    CREATE TABLE duplicate_groups (
        id TEXT PRIMARY KEY,
        preferred TEXT NOT NULL REFERENCES documents(id),
        confirmed INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE duplicate_members (
        document_id TEXT PRIMARY KEY REFERENCES documents(id),
        group_id TEXT NOT NULL REFERENCES duplicate_groups(id),
        method TEXT NOT NULL,
        distance INTEGER NOT NULL
    );
    CREATE INDEX duplicate_members_group ON duplicate_members(group_id);
    CREATE TABLE not_duplicates (
        a TEXT NOT NULL,
        b TEXT NOT NULL,
        PRIMARY KEY (a, b)
    )
    """,
    # 4: the document type a page's metadata declares, so re-tagging can still honour it
    """
    ALTER TABLE versions ADD COLUMN declared_type TEXT
    """,
    # 5: curators' sessions, kept server-side so that logging out ends a session for good
    """
    CREATE TABLE sessions (
        token_sha256 TEXT PRIMARY KEY,
        user TEXT NOT NULL,
        created TEXT NOT NULL
    );
    CREATE INDEX sessions_user ON sessions(user)
    """,
    # 6: where a publication date came from and how precise it is; the publisher given at
    # import; the language a page declares (issue 18). Dates stored before may be
    # trafilatura's guesses (a footer's "© 2025" among them): they are kept, with no
    # provenance, which the document page says, until a new version or a curator replaces them.
    """
    ALTER TABLE versions ADD COLUMN published_from TEXT;
    ALTER TABLE versions ADD COLUMN published_precision TEXT NOT NULL DEFAULT 'day';
    ALTER TABLE versions ADD COLUMN publisher TEXT;
    ALTER TABLE versions ADD COLUMN declared_language TEXT
    """,
    # 7: a crawl that never sticks: URLs that failed unexpectedly (retried with back-off), and
    # each source's last crawl outcome (reached, with errors, unreachable)
    """
    CREATE TABLE url_failures (
        url TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        failures INTEGER NOT NULL,
        last_crawl INTEGER NOT NULL,
        last_failed TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    CREATE TABLE source_outcomes (
        source_id TEXT PRIMARY KEY,
        crawl_id INTEGER NOT NULL,
        time TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('reached', 'errors', 'unreachable')),
        stored INTEGER NOT NULL,
        errors INTEGER NOT NULL
    )
    """,
    # 8: research questions (issue 21): a researcher role, questions, their search log and the
    # passages saved to them (each citing the archived version it was read in)
    """
    CREATE TABLE users_with_researchers (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('researcher', 'curator', 'admin')),
        password_hash TEXT NOT NULL,
        created TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0
    );
    INSERT INTO users_with_researchers SELECT name, role, password_hash, created, disabled
        FROM users;
    DROP TABLE users;
    ALTER TABLE users_with_researchers RENAME TO users;
    CREATE TABLE questions (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        countries TEXT NOT NULL DEFAULT '[]',
        topics TEXT NOT NULL DEFAULT '[]',
        owner TEXT NOT NULL,
        share_token TEXT,
        created TEXT NOT NULL,
        updated TEXT NOT NULL
    );
    CREATE INDEX questions_owner ON questions(owner);
    CREATE TABLE question_searches (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        question_id TEXT NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
        time TEXT NOT NULL,
        query TEXT NOT NULL,
        filters TEXT NOT NULL DEFAULT '{}',
        hits INTEGER NOT NULL,
        expanded TEXT NOT NULL DEFAULT '[]',
        nothing_relevant INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX question_searches_question ON question_searches(question_id);
    CREATE TABLE passages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        question_id TEXT NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
        heading TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL,
        document_id TEXT NOT NULL REFERENCES documents(id),
        version_id INTEGER NOT NULL REFERENCES versions(id),
        sha256 TEXT NOT NULL,
        quote TEXT NOT NULL,
        page INTEGER,
        note TEXT NOT NULL DEFAULT '',
        language TEXT NOT NULL,
        translation TEXT NOT NULL DEFAULT '',
        added TEXT NOT NULL
    );
    CREATE INDEX passages_question ON passages(question_id, position)
    """,
    # 9: frozen answers (issue 21): each export a numbered version of its own that never changes
    """
    CREATE TABLE answers (
        question_id TEXT NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        frozen TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        content TEXT NOT NULL,
        PRIMARY KEY (question_id, number)
    )
    """,
)
"""Each entry takes the store from version ``i`` to ``i + 1``."""
