import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BadRequest } from '../../common/domain-error';
import { decodeCursor, encodeCursor, Page } from '../../common/pagination';
import { subtreeCondition } from '../regions/region-scope';
import { REGION_LEVELS, RegionLevel } from '../regions/region.entity';
import { isValidPeriodKey } from '../submissions/period';
import type { Aggregation, ThemeDefinition } from '../themes/theme-definition';
import { ThemesService } from '../themes/themes.service';
import type { User } from '../users/user.entity';
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

interface CellRow {
  region_code: string;
  region_name: string | null;
  period_key: string;
  measure: string;
  group_key: string;
  row_count: string;
  n: string;
  value_sum: string | null;
  value_min: string | null;
  value_max: string | null;
  numerator: string | null;
  denominator: string | null;
}

function invalid(parameter: string, message: string): BadRequest {
  return new BadRequest('INVALID_QUERY', message, [{ path: `/${parameter}`, keyword: 'query', message }]);
}

function toNumber(value: string | null): number | null {
  return value === null ? null : Number(value);
}

/** The measure's value from the cell's components; never from children's derived values. */
export function derivedValue(aggregation: Aggregation, row: Pick<CellRow, 'n' | 'value_sum' | 'value_min' | 'value_max' | 'numerator' | 'denominator'>): number | null {
  const n = Number(row.n);
  switch (aggregation.op) {
    case 'count':
      return n;
    case 'sum':
      return n > 0 ? toNumber(row.value_sum) : 0;
    case 'avg':
      return n > 0 && row.value_sum !== null ? Number(row.value_sum) / n : null;
    case 'min':
      return toNumber(row.value_min);
    case 'max':
      return toNumber(row.value_max);
    case 'ratio': {
      const denominator = toNumber(row.denominator);
      if (!denominator) return null;
      return (Number(row.numerator ?? 0) / denominator) * (aggregation.scale ?? 1);
    }
  }
}

/** Reads aggregate cells for the API: scoped by region, shaped per API.md. */
@Injectable()
export class AggregationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly themes: ThemesService,
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
    const params: unknown[] = [theme.id, level, granularity, query.region || actor.regionCode, measures.map((m) => m.key)];
    const conditions = [
      'c.theme_id = $1',
      'c.level = $2',
      'c.granularity = $3',
      subtreeCondition('c.region_code', '$4::text'),
      'c.measure = ANY($5::text[])',
    ];
    if (query.from) {
      params.push(query.from);
      conditions.push(`c.period_key >= $${params.length}::text COLLATE "C"`);
    }
    if (query.to) {
      params.push(query.to);
      conditions.push(`c.period_key <= $${params.length}::text COLLATE "C"`);
    }
    if (cursor !== null) {
      const parts = cursor.split('\u0001');
      if (parts.length !== 4) throw new BadRequest('INVALID_CURSOR', 'cursor tidak valid');
      params.push(...parts);
      const n = params.length;
      conditions.push(`(c.region_code, c.period_key, c.measure, c.group_key) > ($${n - 3}::text COLLATE "C", $${n - 2}::text COLLATE "C", $${n - 1}::text COLLATE "C", $${n}::text COLLATE "C")`);
    }
    params.push(query.limit + 1);
    const rows = (await this.dataSource.query(
      `SELECT c.region_code, r.name AS region_name, c.period_key, c.measure, c.group_key, c.row_count, c.n,
              c.value_sum, c.value_min, c.value_max, c.numerator, c.denominator
       FROM aggregate_cell c LEFT JOIN region r ON r.code = c.region_code
       WHERE ${conditions.join(' AND ')}
       ORDER BY c.region_code, c.period_key, c.measure, c.group_key
       LIMIT $${params.length}`,
      params,
    )) as CellRow[];
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const byKey = new Map(measures.map((m) => [m.key, m]));
    return {
      items: page.map((row) => this.item(definition, byKey.get(row.measure)!, level, row)),
      nextCursor: rows.length > query.limit ? encodeCursor([last.region_code, last.period_key, last.measure, last.group_key].join('\u0001')) : null,
    };
  }

  private item(definition: ThemeDefinition, aggregation: Aggregation, level: RegionLevel, row: CellRow): AggregateItem {
    const suppressed =
      definition.sensitivity === 'sensitive' &&
      (Number(row.row_count) < MIN_CELL_SIZE || (aggregation.op === 'count' && Number(row.n) > 0 && Number(row.n) < MIN_CELL_SIZE));
    return {
      regionCode: row.region_code,
      regionName: row.region_name,
      level,
      periodKey: row.period_key,
      measure: row.measure,
      group: JSON.parse(row.group_key) as AggregateItem['group'],
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
