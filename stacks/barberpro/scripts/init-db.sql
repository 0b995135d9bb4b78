-- BarberPro database initialisation (runs once, when the database volume is empty).

-- Extensions
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- Initial schema
CREATE SCHEMA IF NOT EXISTS public;

-- Permissions: the application user gets the whole database (whatever POSTGRES_DB names it:
-- barberpro_dev in development, barberpro_test in the test layer).
DO $$
BEGIN
  EXECUTE format('GRANT ALL PRIVILEGES ON DATABASE %I TO %I', current_database(), current_user);
END
$$;

-- Timezone and locale of the business.
DO $$
BEGIN
  EXECUTE format('ALTER DATABASE %I SET timezone TO %L', current_database(), 'America/Argentina/Buenos_Aires');
END
$$;
