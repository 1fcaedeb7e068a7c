-- The language the visitor's widget spoke when they asked to delete their data: the confirmation mail and the page
-- its link opens speak it too (en, de, ar). Links made before this were English.
ALTER TABLE erasure_confirmations ADD COLUMN locale TEXT NOT NULL DEFAULT 'en';
