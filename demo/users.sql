-- The demo's directory (SQLite, loaded into demo/run/users.db by
-- scripts/demo): per-user fields by column name. Addresses not listed get
-- the configured answer.
CREATE TABLE users (
    address       TEXT PRIMARY KEY,
    login         TEXT,
    display_name  TEXT,
    imap_host     TEXT,
    redirect_addr TEXT
);
INSERT INTO users VALUES ('jane@example.test', 'EXAMPLE\jane', 'Jane Doe', 'imap2.example.test', NULL);
INSERT INTO users VALUES ('old@example.test', NULL, NULL, NULL, 'jane@example.test');
