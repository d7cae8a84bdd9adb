-- Users, sessions, login throttling and the audit log of the web application. Times are UTC
-- text 'YYYY-MM-DDTHH:MM:SS.ffffffZ', which sorts as it compares. Sessions and throttle rows
-- live in the database so that several servers over one PostgreSQL share them.
CREATE TABLE users (
    username            TEXT PRIMARY KEY,
    display_name        TEXT NOT NULL DEFAULT '',
    role                TEXT NOT NULL,
    region_code         TEXT NOT NULL,
    password_hash       TEXT NOT NULL,
    disabled            SMALLINT NOT NULL DEFAULT 0,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);

-- A session is found by the SHA-256 of its cookie token: a leaked table gives no usable token.
CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    username    TEXT NOT NULL,
    csrf_token  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    seen_at     TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);
CREATE INDEX sessions_username ON sessions (username);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Failed logins per key ('u:' + username or 'ip:' + address) in the current window.
CREATE TABLE login_throttle (
    throttle_key  TEXT PRIMARY KEY,
    failures      INTEGER NOT NULL,
    window_start  TEXT NOT NULL,
    locked_until  TEXT NOT NULL DEFAULT ''
);

-- The audit log: every change and every view of unmasked personal data. Ids are time-ordered.
CREATE TABLE audit_log (
    id           TEXT PRIMARY KEY,
    at           TEXT NOT NULL,
    username     TEXT NOT NULL,
    request_id   TEXT NOT NULL DEFAULT '',
    ip           TEXT NOT NULL DEFAULT '',
    action       TEXT NOT NULL,
    object_type  TEXT NOT NULL DEFAULT '',
    object_id    TEXT NOT NULL DEFAULT '',
    region_code  TEXT NOT NULL DEFAULT '',
    detail       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_region ON audit_log (region_code, id);
CREATE INDEX audit_log_user ON audit_log (username, id);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id, id);

-- A counter bumped by every write that changes registry figures, so that caches of region
-- figures know when to recompute (one row per name; 'registry' is the household registry).
CREATE TABLE data_versions (
    name     TEXT PRIMARY KEY,
    version  BIGINT NOT NULL
);
INSERT INTO data_versions (name, version) VALUES ('registry', 0);

-- The region figures of the web pages count households by village, kind and monitoring
-- category; this index covers that GROUP BY, so it reads no table rows.
CREATE INDEX households_figures ON households (village_code, kind, category);
