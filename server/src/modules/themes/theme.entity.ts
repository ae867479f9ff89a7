import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { ThemeDefinition } from '../../../../schemas/theme-definition';

@Entity('theme')
export class Theme {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  slug: string;

  /** The admin region that owns the theme: only admins whose subtree holds it may edit it. */
  @Column({ name: 'owner_region_code', type: 'text' })
  ownerRegionCode: string;

  @Column({ type: 'jsonb', nullable: true })
  draft: ThemeDefinition | null;

  @Column({ name: 'draft_updated_at', type: 'timestamptz', nullable: true })
  draftUpdatedAt: Date | null;

  @Column({ name: 'latest_version', type: 'int', nullable: true })
  latestVersion: number | null;

  @Column({ type: 'boolean', default: false })
  builtin: boolean;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity('theme_version')
export class ThemeVersion {
  @PrimaryColumn({ name: 'theme_id', type: 'uuid' })
  themeId: string;

  @PrimaryColumn({ type: 'int' })
  version: number;

  @Column({ type: 'jsonb' })
  definition: ThemeDefinition;

  @Column({ name: 'types_ts', type: 'text', select: false })
  typesTs: string;

  /** The browser's precompiled validator (schemas/validator/standalone.ts); null only for versions published before it was stored. */
  @Column({ name: 'validator_module', type: 'text', nullable: true, select: false })
  validatorModule: string | null;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt: Date;

  @Column({ name: 'published_by', type: 'uuid', nullable: true })
  publishedBy: string | null;
}
