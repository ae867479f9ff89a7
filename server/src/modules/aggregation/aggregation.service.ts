import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BadRequest, RegionOutOfScope } from '../../common/domain-error';
import { decodeCursor, encodeCursor, invalidCursor, Page } from '../../common/pagination';
import { REGION_LEVELS, RegionLevel } from '../regions/region.entity';
import { isWithinRegion } from '../regions/region-scope';
import { RegionsService } from '../regions/regions.service';
import { isValidPeriodKey } from '../submissions/period';
import { SubmissionsService } from '../submissions/submissions.service';
import { type Aggregation, DEFAULT_SUPPRESS_BELOW, type ThemeDefinition } from '../../../../schemas/theme-definition';
import type { Theme } from '../themes/theme.entity';
import { ThemesService } from '../themes/themes.service';
import type { User } from '../users/user.entity';
import { ExplainScope, explainStatement } from './aggregation-sql';
import { AggregationRepository, CellQuery, CellRow, ExplainedRow } from './aggregation.repository';
import { baseRange, Granularity, granularitiesFrom, levelsFrom } from './granularity';
import { blockKey, blockPeriod, cellKey, exposesPersonalField, provinceOf, suppressedCells, themeSuppresses } from './suppression';

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

/**
 * A page of cells, with what a reader needs to show them: the measures this caller may read (an OPD
 * never gets one that groups or filters by a personal field) and the k of "< k" for suppressed cells.
 */
export interface AggregatesPage extends Page<AggregateItem> {
  measures: string[];
  /** Cells resting on fewer submissions than this are suppressed; null when the theme suppresses nothing. */
  suppressBelow: number | null;
}

export interface AggregatesQuery extends AggregatesFilter {
  limit: number;
  cursor?: string;
}

/** What the JSON route, the files and the exports select cells by. */
export interface AggregatesFilter {
  measure?: string;
  level?: string;
  period?: string;
  from?: string;
  to?: string;
  region?: string;
}

/** A checked filter, ready to read: every file and page of one query reads the same cells. */
export interface AggregateSelection {
  theme: Theme;
  version: number;
  definition: ThemeDefinition;
  level: RegionLevel;
  granularity: Granularity;
  measures: Aggregation[];
  region: string;
  from?: string;
  to?: string;
}

/** Suppression decided so far while reading one query: the blocks done and the cells they hide. */
interface Decided {
  blocks: Set<string>;
  hidden: Set<string>;
}

export interface ExplainQuery {
  measure?: string;
  region?: string;
  periodKey?: string;
  group?: string;
  limit: number;
  cursor?: string;
}

export interface Explanation {
  measure: string;
  op: Aggregation['op'];
  overTime: string;
  regionCode: string;
  regionName: string | null;
  level: RegionLevel;
  periodKey: string;
  group: AggregateItem['group'];
  /** The cell's value as the aggregates route derives it (never suppressed here: admins only). */
  value: number | null;
  /** Submissions the cell rests on. */
  submissions: number;
  items: (Pick<ExplainedRow, 'id' | 'regionCode' | 'periodKey' | 'version' | 'status' | 'createdAt'> & {
    contribution: { value: number | null } | { numerator: number | null; denominator: number | null };
  })[];
  nextCursor: string | null;
}

/** A group as a query names it (`pendek`, `true`, `3`), in each JSON spelling a stored group key may have. */
export function groupKeySpellings(group: string): string[] {
  const spellings = [JSON.stringify(group)];
  if (group === 'true' || group === 'false' || group === 'null' || /^-?\d+(\.\d+)?$/.test(group)) spellings.push(group);
  return spellings;
}

/** Cells read at once when a whole query is streamed into a file. */
const STREAM_CHUNK = 5000;

function invalid(parameter: string, message: string): BadRequest {
  return new BadRequest('INVALID_QUERY', message, [{ path: `/${parameter}`, keyword: 'query', message }]);
}

function toNumber(value: string | null): number | null {
  return value === null ? null : Number(value);
}

/** Cells' additive components added together (no cell: nothing reported, n = 0). */
export function addComponents(cells: CellRow[]): Pick<CellRow, 'n' | 'valueSum' | 'valueMin' | 'valueMax' | 'numerator' | 'denominator'> {
  const sum = (pick: (cell: CellRow) => string | null): string | null => {
    const present = cells.map(pick).filter((value): value is string => value !== null);
    return present.length ? String(present.reduce((total, value) => total + Number(value), 0)) : null;
  };
  const extreme = (pick: (cell: CellRow) => string | null, choose: (...values: number[]) => number): string | null => {
    const present = cells.map(pick).filter((value): value is string => value !== null).map(Number);
    return present.length ? String(choose(...present)) : null;
  };
  return {
    n: String(cells.reduce((total, cell) => total + Number(cell.n), 0)),
    valueSum: sum((cell) => cell.valueSum),
    valueMin: extreme((cell) => cell.valueMin, Math.min),
    valueMax: extreme((cell) => cell.valueMax, Math.max),
    numerator: sum((cell) => cell.numerator),
    denominator: sum((cell) => cell.denominator),
  };
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

/**
 * Reads aggregate cells for the API and the files: scoped by region, each value derived from its
 * cell's components, small cells suppressed (with their complements) the same way for every reader.
 */
@Injectable()
export class AggregationService {
  constructor(
    private readonly cells: AggregationRepository,
    private readonly themes: ThemesService,
    private readonly regions: RegionsService,
    private readonly submissions: SubmissionsService,
  ) {}

  /**
   * An ungrouped measure of one region over sliding windows of the theme's own periods: for each
   * `[from, to]` in `windows`, the components of the cells inside are added and the value derived
   * once, so a ratio over a window is Σnumerator ÷ Σdenominator. One read for all windows, in the
   * caller's transaction (alert evaluation), never suppressed: it is not published, it decides
   * whether someone responsible is warned.
   */
  async windowValues(
    manager: EntityManager,
    query: { themeId: string; aggregation: Aggregation; level: string; granularity: string; regionCode: string; windows: { from: string; to: string }[] },
  ): Promise<(number | null)[]> {
    if (!query.windows.length) return [];
    const cells = await this.cells.regionCells(manager, {
      themeId: query.themeId,
      level: query.level,
      granularity: query.granularity,
      regionCode: query.regionCode,
      measure: query.aggregation.key,
      from: query.windows.reduce((first, window) => (window.from < first ? window.from : first), query.windows[0].from),
      to: query.windows.reduce((last, window) => (window.to > last ? window.to : last), query.windows[0].to),
    });
    return query.windows.map(({ from, to }) => derivedValue(query.aggregation, addComponents(cells.filter((cell) => cell.periodKey >= from && cell.periodKey <= to))));
  }

  async aggregates(actor: User, slug: string, query: AggregatesQuery): Promise<AggregatesPage> {
    const selection = await this.select(actor, slug, query);
    const { definition } = selection;
    const cursor = decodeCursor(query.cursor);
    let after: CellQuery['after'] = null;
    if (cursor !== null) {
      const parts = cursor.split('\u0001');
      if (parts.length !== 4) throw invalidCursor();
      const [regionCode, periodKey, measure, groupKey] = parts;
      after = { regionCode, periodKey, measure, groupKey };
    }
    const rows = await this.cells.cells({ ...this.cellQuery(selection), after, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: await this.items(selection, page, { blocks: new Set(), hidden: new Set() }),
      nextCursor: rows.length > query.limit ? encodeCursor([last.regionCode, last.periodKey, last.measure, last.groupKey].join('\u0001')) : null,
      measures: this.measures(definition, undefined, actor).map((aggregation) => aggregation.key),
      suppressBelow: themeSuppresses(definition) ? (definition.suppressBelow ?? DEFAULT_SUPPRESS_BELOW) : null,
    };
  }

  /** Checks a query against the theme's latest version; throws before anything is read. */
  async select(actor: User, slug: string, filter: AggregatesFilter): Promise<AggregateSelection> {
    const { theme, version, definition } = await this.themes.latest(slug);
    const level = this.level(definition, filter.level);
    const granularity = this.granularity(definition, filter.period);
    const measures = this.measures(definition, filter.measure, actor);
    for (const [name, key] of [
      ['from', filter.from],
      ['to', filter.to],
    ] as const) {
      if (key !== undefined && key !== '' && !isValidPeriodKey(granularity, key)) {
        throw invalid(name, `${name} harus kunci periode ${granularity} yang sah, bukan "${key}"`);
      }
    }
    const region = filter.region || actor.regionCode;
    if (!isWithinRegion(region, actor.regionCode)) throw new RegionOutOfScope(region);
    return { theme, version, definition, level, granularity, measures, region, from: filter.from || undefined, to: filter.to || undefined };
  }

  /** Every cell of a selection, in chunks and in the order of the JSON route, suppression applied. */
  async *stream(selection: AggregateSelection): AsyncGenerator<AggregateItem[]> {
    const decided: Decided = { blocks: new Set(), hidden: new Set() };
    let after: CellQuery['after'] = null;
    for (;;) {
      const rows = await this.cells.cells({ ...this.cellQuery(selection), after, limit: STREAM_CHUNK });
      if (!rows.length) return;
      yield await this.items(selection, rows, decided);
      if (rows.length < STREAM_CHUNK) return;
      const last = rows[rows.length - 1];
      after = { regionCode: last.regionCode, periodKey: last.periodKey, measure: last.measure, groupKey: last.groupKey };
    }
  }

  /** How many cells the selection answers. */
  count(selection: AggregateSelection): Promise<number> {
    return this.cells.countCells(this.cellQuery(selection));
  }

  private cellQuery(selection: AggregateSelection): Omit<CellQuery, 'after' | 'limit'> {
    return {
      themeId: selection.theme.id,
      level: selection.level,
      granularity: selection.granularity,
      region: selection.region,
      measures: selection.measures.map((m) => m.key),
      from: selection.from,
      to: selection.to,
    };
  }

  private async items(selection: AggregateSelection, rows: CellRow[], decided: Decided): Promise<AggregateItem[]> {
    const { definition, level, granularity } = selection;
    if (themeSuppresses(definition)) await this.decide(selection, rows, decided);
    const names = await this.regions.names(rows.map((row) => row.regionCode));
    const byKey = new Map(definition.aggregations.map((m) => [m.key, m]));
    return rows.map((row) => {
      const suppressed = decided.hidden.has(cellKey({ ...row, level, granularity }));
      return {
        regionCode: row.regionCode,
        regionName: names.get(row.regionCode) ?? null,
        level,
        periodKey: row.periodKey,
        measure: row.measure,
        group: JSON.parse(row.groupKey) as AggregateItem['group'],
        value: suppressed ? null : derivedValue(byKey.get(row.measure)!, row),
        suppressed,
      };
    });
  }

  /** Suppression of every block the rows belong to that is not decided yet, each read whole. */
  private async decide(selection: AggregateSelection, rows: CellRow[], decided: Decided): Promise<void> {
    const { definition, theme } = selection;
    const missing = rows.filter((row) => !decided.blocks.has(blockKey(definition, row)));
    if (!missing.length) return;
    const measures = [...new Set(missing.map((row) => row.measure))];
    const provinces = [...new Set(missing.map((row) => provinceOf(row.regionCode)))];
    const years = definition.period === 'day' ? null : [...new Set(missing.map((row) => blockPeriod(definition, row.periodKey)))];
    const block = await this.cells.blockCells(theme.id, measures, provinces, years);
    for (const key of suppressedCells(definition, block)) decided.hidden.add(key);
    for (const cell of block) decided.blocks.add(blockKey(definition, cell));
    for (const row of missing) decided.blocks.add(blockKey(definition, row));
  }
  /**
   * The submissions behind one cell (in the caller's subtree, as the cell's region must be), each
   * with what it contributed: "why is this 14?". Naming them, their kelurahan and each one's value is
   * a read of those submissions, audited as one when the theme holds personal data.
   */
  async explain(actor: User, slug: string, query: ExplainQuery): Promise<Explanation> {
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined && typeof value !== 'string' && typeof value !== 'number') throw invalid(name, `${name} harus diberikan sekali`);
    }
    const { theme, definition } = await this.themes.latest(slug);
    if (!query.measure) throw invalid('measure', 'measure wajib: kunci satu ukuran');
    const [aggregation] = this.measures(definition, query.measure, actor);
    if (!query.region) throw invalid('region', 'region wajib: kode wilayah sel');
    if (!isWithinRegion(query.region, actor.regionCode)) throw new RegionOutOfScope(query.region);
    const level = await this.regions.level(query.region);
    if (!level) throw new RegionOutOfScope(query.region);
    if (!levelsFrom(definition.regionLevel).includes(level)) throw invalid('region', `wilayah ${query.region} berada di bawah tingkat tematik (${definition.regionLevel})`);
    const periodKey = query.periodKey ?? '';
    const granularity = granularitiesFrom(definition.period).find((g) => (g === 'none' ? periodKey === 'all' : isValidPeriodKey(g, periodKey)));
    if (!granularity) throw invalid('periodKey', `periodKey harus kunci periode ${granularitiesFrom(definition.period).join(', ')} yang sah`);
    let groupKeys: string[] | null = null;
    if (aggregation.groupBy !== undefined) {
      if (query.group === undefined) throw invalid('group', `group wajib: ukuran ${aggregation.key} dikelompokkan`);
      groupKeys = groupKeySpellings(query.group);
    } else if (query.group !== undefined && query.group !== '') {
      throw invalid('group', `ukuran ${aggregation.key} tidak dikelompokkan`);
    }
    const [first, last] = baseRange(definition.period, granularity, periodKey);
    const cursor = decodeCursor(query.cursor);
    let after: ExplainScope['after'] = null;
    if (cursor !== null) {
      const [regionCode, key, id, ...rest] = cursor.split('\u0001');
      if (rest.length || !id || !/^[0-9a-f-]{36}$/.test(id)) throw invalidCursor();
      after = { regionCode, periodKey: key, id };
    }
    const cell = await this.cells.cell({ themeId: theme.id, level, granularity, periodKey, regionCode: query.region, measure: aggregation.key, groupKeys: groupKeys ?? ['null'] });
    const found = await this.cells.explain(explainStatement(aggregation, { themeId: theme.id, region: query.region, first, last, groupKeys, after, limit: query.limit + 1 }));
    const page = found.slice(0, query.limit);
    await this.submissions.auditReads(actor, page.map((row) => ({ id: row.id, themeId: theme.id, version: row.version, regionCode: row.regionCode })));
    const number = (value: string | null) => (value === null ? null : Number(value));
    const lastRow = page[page.length - 1];
    return {
      measure: aggregation.key,
      op: aggregation.op,
      overTime: aggregation.overTime ?? 'sum',
      regionCode: query.region,
      regionName: (await this.regions.names([query.region])).get(query.region) ?? null,
      level,
      periodKey,
      group: cell ? (JSON.parse(cell.groupKey) as AggregateItem['group']) : null,
      value: cell ? derivedValue(aggregation, cell) : null,
      submissions: cell ? Number(cell.rowCount) : 0,
      items: page.map((row) => ({
        id: row.id,
        regionCode: row.regionCode,
        periodKey: row.periodKey,
        version: row.version,
        status: row.status,
        createdAt: row.createdAt,
        contribution: aggregation.op === 'ratio' ? { numerator: number(row.numerator), denominator: number(row.denominator) } : { value: number(row.value) },
      })),
      nextCursor: found.length > query.limit ? encodeCursor([lastRow.regionCode, lastRow.periodKey, lastRow.id].join('\u0001')) : null,
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

  /** The requested measures; never, for an OPD, one that groups or filters by a personal field. */
  private measures(definition: ThemeDefinition, requested: string | undefined, actor: User): Aggregation[] {
    const personal = actor.role === 'opd' ? (definition.personalFields ?? []) : [];
    const readable = definition.aggregations.filter((aggregation) => !exposesPersonalField(aggregation, personal));
    if (requested === undefined || requested === '') return readable;
    const found = readable.find((aggregation) => aggregation.key === requested);
    if (!found) throw invalid('measure', `ukuran "${requested}" tidak ada; pilih salah satu dari ${readable.map((a) => a.key).join(', ')}`);
    return [found];
  }
}
