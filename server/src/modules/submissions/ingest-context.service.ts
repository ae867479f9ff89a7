import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { setBounded } from '../../common/bounded-map';
import { ChangeListener } from '../../database/change-listener.service';
import { preparedQuery } from '../../database/prepared-query';

/** The theme fields an ingest reads. */
export interface ThemeRef {
  id: string;
  slug: string;
  latestVersion: number | null;
  ownerRegionCode: string;
}

export interface IngestContext {
  /** Null when no theme has this slug. */
  theme: ThemeRef | null;
  /** Null when no region has this code. */
  regionLevel: string | null;
  /** The theme came from memory, so it may be a moment behind a publish another process just made. */
  cached: boolean;
}

interface ContextRow {
  id: string | null;
  latestVersion: number | null;
  ownerRegionCode: string | null;
  regionLevel: string | null;
}

/** Themes a process keeps; far above any real count, it only bounds a flood of made-up slugs. */
const THEME_LIMIT = 10_000;

/**
 * What a new submission needs to know about its theme and region, without a round trip when it
 * can: themes by slug while `ChangeListener` hears every change to `theme`, region levels always
 * (regions are added at run time but never deleted, and a code's level never changes).
 */
@Injectable()
export class IngestContextService {
  private readonly themes = new Map<string, ThemeRef>();
  private readonly regionLevels = new Map<string, string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: ChangeListener,
  ) {
    changes.subscribe('theme', { changed: (slug) => this.themes.delete(slug), reset: () => this.themes.clear() });
  }

  /** `fresh` reads the theme from the database whatever is kept. */
  async context(slug: string, regionCode: string, fresh: boolean): Promise<IngestContext> {
    const theme = !fresh && this.changes.trusted ? this.themes.get(slug) : undefined;
    const regionLevel = this.regionLevels.get(regionCode);
    if (theme && regionLevel !== undefined) return { theme, regionLevel, cached: true };

    const generation = this.changes.generation;
    const [row] = await preparedQuery<ContextRow>(
      this.dataSource,
      `SELECT t.id, t.latest_version AS "latestVersion", t.owner_region_code AS "ownerRegionCode", r.level AS "regionLevel"
       FROM (SELECT 1) AS one
       LEFT JOIN theme t ON t.slug = $1
       LEFT JOIN region r ON r.code = $2`,
      [slug, regionCode],
    );
    // Unknown slugs and codes are not kept: a theme or region created a moment later must be found.
    if (row.regionLevel !== null) this.regionLevels.set(regionCode, row.regionLevel);
    if (row.id === null) return { theme: null, regionLevel: row.regionLevel, cached: false };
    const loaded: ThemeRef = { id: row.id, slug, latestVersion: row.latestVersion, ownerRegionCode: row.ownerRegionCode! };
    if (this.changes.mayKeep(generation)) setBounded(this.themes, slug, loaded, THEME_LIMIT);
    return { theme: loaded, regionLevel: row.regionLevel, cached: false };
  }

  /** A publish this process has not heard of yet was found by the insert: read the theme again next time. */
  forget(slug: string): void {
    this.themes.delete(slug);
  }
}
