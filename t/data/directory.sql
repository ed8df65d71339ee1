-- The test directory (SQLite): users with per-user fields, by the column
-- names mod_autodiscover reads. NULL or '' means "not given here".
CREATE TABLE users (
    address       TEXT PRIMARY KEY,      -- lower case
    local         TEXT NOT NULL,
    domain        TEXT NOT NULL,
    login         TEXT,
    display_name  TEXT,
    imap_host     TEXT,
    smtp_host     TEXT,
    ews_url       TEXT,
    activesync_url TEXT,
    redirect_addr TEXT,
    redirect_url  TEXT
);
-- Everything from the directory, a value needing escaping in every format.
INSERT INTO users VALUES ('jane@example.test', 'jane', 'example.test', 'EXAMPLE\jane',
    'Jane <Doe> & "Co"', 'imap2.example.test', 'smtp2.example.test',
    'https://mbx2.example.test/EWS/Exchange.asmx',
    'https://mbx2.example.test/Microsoft-Server-ActiveSync', NULL, NULL);
-- Only a display name: the rest comes from the configuration.
INSERT INTO users VALUES ('joe@example.test', 'joe', 'example.test', NULL,
    'Joe Bloggs', NULL, '', NULL, NULL, NULL, NULL);
-- Placeholders in directory values are expanded like the configuration's.
INSERT INTO users VALUES ('pat@example.test', 'pat', 'example.test', '%EMAILADDRESS%',
    NULL, 'imap.%EMAILLOCALPART%.example.test', NULL, NULL, NULL, NULL, NULL);
-- Moved to another address; served by another autodiscover server.
INSERT INTO users VALUES ('old@example.test', 'old', 'example.test', NULL, NULL, NULL,
    NULL, NULL, NULL, 'new@example.net', NULL);
INSERT INTO users VALUES ('far@example.test', 'far', 'example.test', NULL, NULL, NULL,
    NULL, NULL, NULL, NULL, 'https://autodiscover.far.test/autodiscover/autodiscover.xml');
-- Unusable redirects: ignored (with a warning), the settings are answered.
INSERT INTO users VALUES ('loop@example.test', 'loop', 'example.test', NULL, NULL, NULL,
    NULL, NULL, NULL, 'LOOP@example.test', 'http://plain.test/autodiscover/autodiscover.xml');
-- Whether the user is active: 0 (or f, false, no, off) is not a user.
ALTER TABLE users ADD COLUMN active TEXT DEFAULT '1';
INSERT INTO users (address, local, domain, display_name, active)
    VALUES ('gone@example.test', 'gone', 'example.test', 'Gone Away', '0');
INSERT INTO users (address, local, domain, display_name, active)
    VALUES ('here@example.test', 'here', 'example.test', 'Still Here', 'yes');
-- A hosting provider's domains: servers per domain, for every client.
CREATE TABLE domains (
    domain        TEXT PRIMARY KEY,      -- lower case
    imap_host     TEXT,
    smtp_host     TEXT,
    login         TEXT
);
INSERT INTO domains VALUES ('hosted-a.test', 'imap.provider-a.test', 'smtp.provider-a.test',
    '%EMAILADDRESS%');
INSERT INTO domains VALUES ('hosted-b.test', 'mail.b-hosting.test', NULL, NULL);
INSERT INTO domains VALUES ('example.test', 'imap-d.example.test', NULL, NULL);
-- Calendars and contacts per user (sql-dav.test): jane's own CalDAV and
-- CardDAV contexts and DAV login.
CREATE TABLE dav_users (
    address     TEXT PRIMARY KEY,
    login       TEXT,
    caldav_url  TEXT,
    carddav_url TEXT
);
INSERT INTO dav_users VALUES ('jane@example.test', 'jane',
    'https://cal2.example.test/dav/jane/', 'https://card2.example.test/dav/jane/');
