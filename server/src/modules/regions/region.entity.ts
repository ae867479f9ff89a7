import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const REGION_LEVELS = ['provinsi', 'kota', 'kecamatan', 'kelurahan', 'rw', 'rt', 'dasawisma'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];
/** Levels admins may add below a kelurahan; the rest come from Kemendagri. */
export const LOCAL_LEVELS: readonly RegionLevel[] = ['rw', 'rt', 'dasawisma'];

@Entity('region')
export class Region {
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  level: RegionLevel;

  @Column({ name: 'parent_code', type: 'text', nullable: true })
  parentCode: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
