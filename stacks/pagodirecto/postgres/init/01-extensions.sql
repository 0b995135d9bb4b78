-- Extensions PagoDirecto relies on (run once, when the database is created).
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";          -- UUID generation
CREATE EXTENSION IF NOT EXISTS pgcrypto;             -- cryptographic functions
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;   -- query performance monitoring
CREATE EXTENSION IF NOT EXISTS pg_trgm;              -- fuzzy text search
