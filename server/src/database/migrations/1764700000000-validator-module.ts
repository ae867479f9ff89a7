import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The browser's precompiled validator of each published version, made at publish time like its
 * TypeScript types, so no cadre's request waits for Ajv's standalone compile (up to ~0.4 s of a
 * process's event loop for a 200-field form) and every replica serves the same text. Versions
 * published before this column existed get theirs on first request: the one change a published
 * version still allows is that module being filled in once.
 */
export class ValidatorModule1764700000000 implements MigrationInterface {
  name = 'ValidatorModule1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE theme_version ADD COLUMN validator_module text`);
    await db.query(`
      CREATE OR REPLACE FUNCTION theme_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.validator_module IS NULL AND NEW.validator_module IS NOT NULL
           AND to_jsonb(NEW) - 'validator_module' = to_jsonb(OLD) - 'validator_module' THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'published theme versions are immutable';
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION theme_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'published theme versions are immutable'; END $$`);
    await db.query(`ALTER TABLE theme_version DROP COLUMN validator_module`);
  }
}
