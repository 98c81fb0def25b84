/** The first schema: one row per model, twin, relationship, route and job; bodies are stored as JSON text. */
export const sql = `
CREATE TABLE models (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  upload_time TEXT NOT NULL,
  decommissioned INTEGER NOT NULL DEFAULT 0,
  body TEXT NOT NULL
);

CREATE TABLE twins (
  id TEXT PRIMARY KEY,
  model_id TEXT NOT NULL,
  etag TEXT NOT NULL,
  body TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX twins_model ON twins(model_id);

-- A relationship never outlives its source or its target: the foreign keys make a half-deleted graph impossible.
CREATE TABLE relationships (
  source_id TEXT NOT NULL REFERENCES twins(id),
  id TEXT NOT NULL,
  target_id TEXT NOT NULL REFERENCES twins(id),
  name TEXT NOT NULL,
  etag TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (source_id, id)
) WITHOUT ROWID;
CREATE INDEX relationships_target ON relationships(target_id);

CREATE TABLE event_routes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  endpoint_name TEXT NOT NULL,
  filter TEXT NOT NULL
);

CREATE TABLE import_jobs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  body TEXT NOT NULL
);

CREATE TABLE delete_jobs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  body TEXT NOT NULL
);
`;
