-- Lead search folds case and accents without the server's locale (a --locale=C database lowers ASCII only).
-- The fold is the one in src/core/leads/search-fold.ts, table verbatim: NFD, drop combining marks, map letters NFD
-- leaves alone (Ł, Ø, Đ, Greek and Cyrillic capitals), lower ASCII ("C" collation: the same on every server).
-- An all-ASCII text (most rows) takes the short way. Hand-written: drizzle-kit does not generate functions.
CREATE OR REPLACE FUNCTION lead_search_fold(s text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN octet_length(s) = char_length(s) THEN lower(s COLLATE "C")
    ELSE lower(translate(regexp_replace(normalize(s, NFD), '[\u0300-\u036f]', '', 'g'),
      'ŁłØøĐđĦħŦŧıĿŀƗƀƵƶÆŒÞÐðẞſςŊΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩАБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯЂЄЅІЈЉЊЋЏ',
      'llooddhhttillibzzæœþddßsσŋαβγδεζηθικλμνξοπρστυφχψωабвгдежзиклмнопрстуфхцчшщъыьэюяђєѕіјљњћџ') COLLATE "C") END
$$;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "several_phones" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "search_text" text GENERATED ALWAYS AS (lead_search_fold(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '') || ' ' || phone)) STORED;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "skips" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "last_skipped_at" timestamp with time zone;
--> statement-breakpoint
-- The trigram index moves from lower(name …) to the stored search_text (hand-written, as in 0002: pg_trgm may be absent).
DO $$
BEGIN
  DROP INDEX IF EXISTS leads_search_trgm_idx;
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    CREATE INDEX leads_search_trgm_idx ON leads USING gin (search_text gin_trgm_ops);
  END IF;
END $$;
