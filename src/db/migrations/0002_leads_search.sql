-- Lead search (name / e-mail / phone digits, "contains") uses a trigram index over one expression;
-- src/db/queries/leads.ts writes the same expression so the planner can use it. pg_trgm ships with
-- PostgreSQL (contrib) and is a trusted extension from PG 13, so a database owner can create it;
-- where it is unavailable anyway, prefix indexes keep "starts with" searches fast.
DO $$
BEGIN
  BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
  EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'pg_trgm unavailable (%): lead search falls back to prefix indexes', SQLERRM;
  END;
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    CREATE INDEX IF NOT EXISTS leads_search_trgm_idx ON leads USING gin (
      (lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '') || ' ' || phone)) gin_trgm_ops
    );
  ELSE
    CREATE INDEX IF NOT EXISTS leads_last_name_prefix_idx ON leads (team_id, lower(last_name) text_pattern_ops);
    CREATE INDEX IF NOT EXISTS leads_first_name_prefix_idx ON leads (team_id, lower(first_name) text_pattern_ops);
    CREATE INDEX IF NOT EXISTS leads_email_prefix_idx ON leads (team_id, email text_pattern_ops);
  END IF;
END $$;
