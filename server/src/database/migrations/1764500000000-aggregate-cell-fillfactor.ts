import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A full recompute rewrites every cell of a theme in place (aggregation-sql.ts, recomputeStatements).
 * Pages kept half empty let each new version sit beside the old one: a HOT update, which adds no
 * index entries, where a version on another page costs an insertion into both indexes. The space
 * comes back when the old versions are pruned, before the next recompute.
 */
export class AggregateCellFillfactor1764500000000 implements MigrationInterface {
  name = 'AggregateCellFillfactor1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE aggregate_cell SET (fillfactor = 50)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE aggregate_cell RESET (fillfactor)`);
  }
}
