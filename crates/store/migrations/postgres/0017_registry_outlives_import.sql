-- A real registry's quarters and facts outlive a record import (`sandan import`) that keeps
-- their complexes: the import deletes and re-inserts every complex, so their key is checked at
-- commit, as 애로사항's is.
ALTER TABLE complex_surveys ALTER CONSTRAINT complex_surveys_complex_id_fkey DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE complex_facts ALTER CONSTRAINT complex_facts_complex_id_fkey DEFERRABLE INITIALLY DEFERRED;
