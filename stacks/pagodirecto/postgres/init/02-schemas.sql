-- The application's schemas, one per bounded context. Flyway migrations (run by the backend)
-- create the tables; the schemas exist from the start so that migrations and tools agree.
CREATE SCHEMA IF NOT EXISTS core_domain;
CREATE SCHEMA IF NOT EXISTS seguridad;
CREATE SCHEMA IF NOT EXISTS clientes;
CREATE SCHEMA IF NOT EXISTS oportunidades;
CREATE SCHEMA IF NOT EXISTS tareas;
CREATE SCHEMA IF NOT EXISTS productos;
CREATE SCHEMA IF NOT EXISTS ventas;
CREATE SCHEMA IF NOT EXISTS reportes;

COMMENT ON SCHEMA core_domain   IS 'Shared domain primitives';
COMMENT ON SCHEMA seguridad     IS 'Security and IAM';
COMMENT ON SCHEMA clientes      IS 'Customer management';
COMMENT ON SCHEMA oportunidades IS 'Sales opportunities';
COMMENT ON SCHEMA tareas        IS 'Task management';
COMMENT ON SCHEMA productos     IS 'Product catalog';
COMMENT ON SCHEMA ventas        IS 'Sales transactions';
COMMENT ON SCHEMA reportes      IS 'Reporting and analytics';

-- The application user (POSTGRES_USER) owns the database; it looks in every schema by default.
DO $$
BEGIN
  EXECUTE format('ALTER DATABASE %I SET search_path = core_domain, seguridad, clientes, oportunidades, tareas, productos, ventas, reportes, public',
                 current_database());
END
$$;
