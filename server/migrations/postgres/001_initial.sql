-- The relay's tables on PostgreSQL: the same shape as the SQLite store's (sqlite-store.ts).
-- Ids and authors are base64url text (public routing data); every payload is opaque bytea.
-- Applied once by migrations.ts inside a transaction under an advisory lock.

CREATE TABLE plans (
  plan_id text PRIMARY KEY,
  -- The newest seq handed out. Appends lock this row (UPDATE ... / SELECT ... FOR UPDATE), so
  -- two relays appending to one plan take turns and seqs never repeat or skip.
  last_seq bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE member_events (
  plan_id text NOT NULL REFERENCES plans (plan_id),
  idx integer NOT NULL,
  bytes bytea NOT NULL,
  -- One linear log per plan: a second event at the same position cannot exist.
  PRIMARY KEY (plan_id, idx)
);

CREATE TABLE receipts (
  plan_id text NOT NULL REFERENCES plans (plan_id),
  author text NOT NULL,
  kind smallint NOT NULL,
  clock bigint NOT NULL,
  seq bigint NOT NULL,
  digest text NOT NULL,
  PRIMARY KEY (plan_id, author, kind, clock)
);

CREATE TABLE envelopes (
  plan_id text NOT NULL REFERENCES plans (plan_id),
  seq bigint NOT NULL,
  author text NOT NULL,
  clock bigint NOT NULL,
  epoch bigint NOT NULL,
  kind smallint NOT NULL,
  bytes bytea NOT NULL,
  PRIMARY KEY (plan_id, seq)
);

CREATE TABLE snapshot_proposals (
  plan_id text NOT NULL REFERENCES plans (plan_id),
  seq bigint NOT NULL,
  author text NOT NULL,
  clock bigint NOT NULL,
  epoch bigint NOT NULL,
  covers_up_to bigint NOT NULL,
  bytes bytea NOT NULL,
  PRIMARY KEY (plan_id, seq)
);

CREATE TABLE snapshots (
  plan_id text PRIMARY KEY REFERENCES plans (plan_id),
  seq bigint NOT NULL,
  author text NOT NULL,
  clock bigint NOT NULL,
  epoch bigint NOT NULL,
  covers_up_to bigint NOT NULL,
  bytes bytea NOT NULL
);
