-- Multi-tenancy: a tenant table and Row-Level Security keyed on the session's app.tenant_id
-- (the backend runs `SET app.tenant_id = '<uuid>'` per request). The customer table is the example
-- every other tenant-owned table follows.
CREATE TABLE IF NOT EXISTS core_domain.tenants (
    id         uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    nombre     text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS clientes.clientes (
    id         uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    tenant_id  uuid NOT NULL REFERENCES core_domain.tenants (id),
    nombre     text NOT NULL,
    email      text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS clientes_email_idx ON clientes.clientes (email);
CREATE INDEX IF NOT EXISTS clientes_nombre_trgm_idx ON clientes.clientes USING gin (nombre gin_trgm_ops);

ALTER TABLE clientes.clientes ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant_isolation ON clientes.clientes;
CREATE POLICY tenant_isolation ON clientes.clientes
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
