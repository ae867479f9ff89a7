import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Processes keep users, API tokens and themes in memory (ChangeListener). Every change to those rows
 * tells every process at commit, through NOTIFY on one channel, which entry to drop.
 * A token's `last_used_at` is written once a minute per token and changes nothing a cache holds.
 */
export class CacheInvalidation1764600000000 implements MigrationInterface {
  name = 'CacheInvalidation1764600000000';

  async up(db: QueryRunner): Promise<void> {
    // The payload is `<table>:<key>`; a theme is keyed by slug, the key its cache is read by.
    await db.query(`
      CREATE FUNCTION notify_cache_change() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        key_column text := TG_ARGV[0];
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          PERFORM pg_notify('wakuncar_cache', TG_TABLE_NAME || ':' || (to_jsonb(OLD) ->> key_column));
        END IF;
        IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR (to_jsonb(NEW) ->> key_column) IS DISTINCT FROM (to_jsonb(OLD) ->> key_column)) THEN
          PERFORM pg_notify('wakuncar_cache', TG_TABLE_NAME || ':' || (to_jsonb(NEW) ->> key_column));
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER app_user_cache AFTER UPDATE OR DELETE ON app_user
      FOR EACH ROW EXECUTE FUNCTION notify_cache_change('id')`);
    await db.query(`
      CREATE TRIGGER api_token_cache AFTER UPDATE ON api_token
      FOR EACH ROW WHEN (OLD.last_used_at IS NOT DISTINCT FROM NEW.last_used_at
        OR (OLD.revoked_at, OLD.expires_at, OLD.user_id, OLD.token_hash) IS DISTINCT FROM (NEW.revoked_at, NEW.expires_at, NEW.user_id, NEW.token_hash))
      EXECUTE FUNCTION notify_cache_change('id')`);
    await db.query(`
      CREATE TRIGGER api_token_cache_delete AFTER DELETE ON api_token
      FOR EACH ROW EXECUTE FUNCTION notify_cache_change('id')`);
    await db.query(`
      CREATE TRIGGER theme_cache AFTER INSERT OR UPDATE OR DELETE ON theme
      FOR EACH ROW EXECUTE FUNCTION notify_cache_change('slug')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER theme_cache ON theme`);
    await db.query(`DROP TRIGGER api_token_cache_delete ON api_token`);
    await db.query(`DROP TRIGGER api_token_cache ON api_token`);
    await db.query(`DROP TRIGGER app_user_cache ON app_user`);
    await db.query(`DROP FUNCTION notify_cache_change()`);
  }
}
