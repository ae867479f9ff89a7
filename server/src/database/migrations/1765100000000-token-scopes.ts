import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API tokens are limited to scopes and always expire, within a year. Tokens made before keep every
 * scope (what they could do before, as far as scopes reach) and expire a year from now at the latest.
 */
export class TokenScopes1765100000000 implements MigrationInterface {
  name = 'TokenScopes1765100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE api_token ADD COLUMN scopes text[] NOT NULL DEFAULT '{}'`);
    await db.query(`UPDATE api_token SET scopes = ARRAY['aggregates:read', 'exports', 'submissions:read', 'submissions:write']`);
    await db.query(`ALTER TABLE api_token ALTER COLUMN scopes DROP DEFAULT`);
    await db.query(`UPDATE api_token SET expires_at = least(coalesce(expires_at, 'infinity'), now() + interval '1 year')`);
    await db.query(`ALTER TABLE api_token ALTER COLUMN expires_at SET NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE api_token ALTER COLUMN expires_at DROP NOT NULL`);
    await db.query(`ALTER TABLE api_token DROP COLUMN scopes`);
  }
}
