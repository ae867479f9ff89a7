import { Injectable } from '@nestjs/common';
import { BadRequest } from '../../common/domain-error';
import { decodeCursor, encodeCursor, Page } from '../../common/pagination';
import { REGION_LEVELS, RegionLevel } from '../regions/region.entity';
import { RegionsService } from '../regions/regions.service';
import { isValidPeriodKey } from '../submissions/period';
import type { Aggregation, ThemeDefinition } from '../themes/theme-definition';
import { ThemesService } from '../themes/themes.service';
import type { User } from '../users/user.entity';
import { AggregationRepository, CellRow } from './aggregation.repository';
import { Granularity, granularitiesFrom, levelsFrom } from './granularity';

/** Cells of a sensitive theme with fewer submissions than this are suppressed. */
export const MIN_CELL_SIZE = 5;

export interface AggregateItem {
  regionCode: string;
  regionName: string | null;
  level: RegionLevel;
  periodKey: string;
  measure: string;
  group: string | number | boolean | null;
  value: number | null;
  suppressed: boolean;
}

export interface AggregatesQuery {
  measure?: string;
  level?: string;
  period?: string;
  from?: string;
  to?: string;
  region?: string;
  limit: number;
  cursor?: string;
}

function invalid(parameter: string, message: string): BadRequest {
  return new BadRequest('INVALID_QUERY', message, [{ path: `/${parameter}`, keyword: 'query', message }]);
}

function toNumber(value: string | null): number | null {
  return value === null ? null : Number(value);
}

/** The measure's value from the cell's components; never from children's derived values. */
export function derivedValue(aggregation: Aggregation, row: Pick<CellRow, 'n' | 'valueSum' | 'valueMin' | 'valueMax' | 'numerator' | 'denominator'>): number | null {
  const n = Number(row.n);
  switch (aggregation.op) {
    case 'count':
      return n;
    case 'sum':
      return n > 0 ? toNumber(row.valueSum) : 0;
    case 'avg':
      return n > 0 && row.valueSum !== null ? Number(row.valueSum) / n : null;
    case 'min':
      return toNumber(row.valueMin);
    case 'max':
      return toNumber(row.valueMax);
    case 'ratio': {
      const denominator = toNumber(row.denominator);
      if (!denominator) return null;
      return (Number(row.numerator ?? 0) / denominator) * (aggregation.scale ?? 1);
    }
  }
}

/** Reads aggregate cells for the API: scoped by region, each value derived from its cell's components. */
@Injectable()
export class AggregationService {
  constructor(
    private readonly cells: AggregationRepository,
    private readonly themes: ThemesService,
    private readonly regions: RegionsService,
  ) {}

  async aggregates(actor: User, slug: string, query: AggregatesQuery): Promise<Page<AggregateItem>> {
    const { theme, definition } = await this.themes.latest(slug);
    const level = this.level(definition, query.level);
    const granularity = this.granularity(definition, query.period);
    const measures = this.measures(definition, query.measure);
    for (const [name, key] of [
      ['from', query.from],
      ['to', query.to],
    ] as const) {
      if (key !== undefined && key !== '' && !isValidPeriodKey(granularity, key)) {
        throw invalid(name, `${name} harus kunci periode ${granularity} yang sah, bukan "${key}"`);
      }
    }
    const cursor = decodeCursor(query.cursor);
    let after: { regionCode: string; periodKey: string; measure: string; groupKey: string } | null = null;
    if (cursor !== null) {
      const parts = cursor.split('\u0001');
      if (parts.length !== 4) throw new BadRequest('INVALID_CURSOR', 'cursor tidak valid');
      const [regionCode, periodKey, measure, groupKey] = parts;
      after = { regionCode, periodKey, measure, groupKey };
    }
    const rows = await this.cells.cells({
      themeId: theme.id,
      level,
      granularity,
      region: query.region || actor.regionCode,
      measures: measures.map((m) => m.key),
      from: query.from || undefined,
      to: query.to || undefined,
      after,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const names = await this.regions.names(page.map((row) => row.regionCode));
    const last = page[page.length - 1];
    const byKey = new Map(measures.map((m) => [m.key, m]));
    return {
      items: page.map((row) => this.item(definition, byKey.get(row.measure)!, level, row, names.get(row.regionCode) ?? null)),
      nextCursor: rows.length > query.limit ? encodeCursor([last.regionCode, last.periodKey, last.measure, last.groupKey].join('\u0001')) : null,
    };
  }

  private item(definition: ThemeDefinition, aggregation: Aggregation, level: RegionLevel, row: CellRow, regionName: string | null): AggregateItem {
    const suppressed =
      definition.sensitivity === 'sensitive' &&
      (Number(row.rowCount) < MIN_CELL_SIZE || (aggregation.op === 'count' && Number(row.n) > 0 && Number(row.n) < MIN_CELL_SIZE));
    return {
      regionCode: row.regionCode,
      regionName,
      level,
      periodKey: row.periodKey,
      measure: row.measure,
      group: JSON.parse(row.groupKey) as AggregateItem['group'],
      value: suppressed ? null : derivedValue(aggregation, row),
      suppressed,
    };
  }

  private level(definition: ThemeDefinition, requested: string | undefined): RegionLevel {
    if (requested === undefined || requested === '') return definition.regionLevel;
    const allowed = levelsFrom(definition.regionLevel);
    if (!(REGION_LEVELS as readonly string[]).includes(requested) || !allowed.includes(requested as RegionLevel)) {
      throw invalid('level', `level harus salah satu dari ${allowed.join(', ')}`);
    }
    return requested as RegionLevel;
  }

  private granularity(definition: ThemeDefinition, requested: string | undefined): Granularity {
    const allowed = granularitiesFrom(definition.period);
    if (requested === undefined || requested === '' || (definition.period === 'none' && requested === 'all')) return definition.period;
    if (!allowed.includes(requested as Granularity)) throw invalid('period', `period harus salah satu dari ${allowed.join(', ')}`);
    return requested as Granularity;
  }

  private measures(definition: ThemeDefinition, requested: string | undefined): Aggregation[] {
    if (requested === undefined || requested === '') return definition.aggregations;
    const found = definition.aggregations.find((aggregation) => aggregation.key === requested);
    if (!found) throw invalid('measure', `ukuran "${requested}" tidak ada; pilih salah satu dari ${definition.aggregations.map((a) => a.key).join(', ')}`);
    return [found];
  }
}
