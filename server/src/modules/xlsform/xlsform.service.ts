import { Injectable } from '@nestjs/common';
import themeDefinitionSchema from '../../../../schemas/theme-definition.schema.json';
import type { ThemeDefinition } from '../../../../schemas/theme-definition';
import type { MessageLanguage } from '../../../../schemas/validator';
import { DomainError } from '../../common/domain-error';
import { ThemeInvalid } from '../themes/theme-errors';
import { ThemesService } from '../themes/themes.service';
import type { User } from '../users/user.entity';
import { inLanguage, XlsformInvalid } from './xlsform-errors';
import { readXlsform } from './xlsform-reader';
import { translateXlsform, type XlsformTranslation } from './xlsform-translator';

/** Taken slugs tried before giving up: `posyandu`, `posyandu-2` … */
const SLUG_ATTEMPTS = 50;

/** Definitions carry `calculations[]` once the meta-schema names them (issue 18's engine). */
const CALCULATIONS_ACCEPTED = Object.hasOwn(themeDefinitionSchema.properties, 'calculations');

export interface XlsformImport {
  slug: string;
  draft: ThemeDefinition | null | undefined;
  report: { sheet: string; row: number | null; column: string | null; message: string }[];
}

@Injectable()
export class XlsformService {
  constructor(private readonly themes: ThemesService) {}

  /**
   * The theme draft an XLSForm describes, created through the themes service (so the definition
   * check runs) under the form's id, or the first free `-2`, `-3` … after it. Never published.
   */
  async import(actor: User, data: Buffer, fileName: string, language: MessageLanguage): Promise<XlsformImport> {
    let translation: XlsformTranslation;
    try {
      translation = translateXlsform(await readXlsform(data), { calculations: CALCULATIONS_ACCEPTED });
    } catch (error) {
      throw error instanceof XlsformInvalid ? inLanguage(error, language) : error;
    }
    const report = translation.report.map(({ message, ...where }) => ({ ...where, message: message[language] }));
    const details = { source: 'xlsform', fileName: fileName.slice(0, 200) };
    // Each round drops at least one calculation, so this ends.
    for (;;) {
      try {
        const { slug, draft } = await this.createUnderFreeSlug(actor, translation.definition, { ...details, untranslated: report.length }, language);
        return { slug, draft, report };
      } catch (error) {
        const refused = error instanceof ThemeInvalid ? refusedCalculations(error, translation) : null;
        if (!refused) throw error;
        // The expression checker knows more than the translator (types, limits): what it refuses is
        // reported like anything else left untranslated, and the draft is made without it.
        report.push(...refused.map(({ where, message }) => ({ ...where, message: language === 'id' ? `Perhitungan ditolak: ${message}` : `Calculation refused: ${message}` })));
        translation = withoutCalculations(translation, new Set(refused.map(({ index }) => index)));
      }
    }
  }

  /** Creates the draft under the form's slug, or the first free `-2`, `-3` … after it. */
  private async createUnderFreeSlug(actor: User, definition: XlsformTranslation['definition'], details: Record<string, unknown>, language: MessageLanguage) {
    for (let attempt = 1; attempt <= SLUG_ATTEMPTS; attempt += 1) {
      const slug = attempt === 1 ? definition.slug : `${definition.slug}-${attempt}`;
      try {
        const created = await this.themes.create(actor, { ...definition, slug }, details);
        return { slug, draft: created.draft };
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'THEME_EXISTS')) throw error;
      }
    }
    throw inLanguage(
      new XlsformInvalid('XLSFORM_DUPLICATE_NAME', [
        { sheet: 'settings', row: null, column: 'form_id', message: { id: `Sudah ada ${SLUG_ATTEMPTS} tematik bernama "${definition.slug}"; ubah form_id.`, en: `There are already ${SLUG_ATTEMPTS} themes named "${definition.slug}"; change form_id.` } },
      ]),
      language,
    );
  }
}

/** The calculations a definition check refused, when it refused nothing else; null otherwise. */
function refusedCalculations(error: ThemeInvalid, translation: XlsformTranslation): { index: number; where: XlsformTranslation['calculationSources'][number]; message: string }[] | null {
  const errors = error.errors ?? [];
  const found = errors.map((entry) => ({ entry, index: Number(/^\/calculations\/(\d+)(\/|$)/.exec(entry.path)?.[1] ?? NaN) }));
  if (found.length === 0 || found.some(({ index }) => !(index < translation.calculationSources.length))) return null;
  return found.map(({ entry, index }) => ({ index, where: translation.calculationSources[index], message: entry.message }));
}

function withoutCalculations(translation: XlsformTranslation, dropped: Set<number>): XlsformTranslation {
  const { calculations = [], ...rest } = translation.definition;
  const kept = calculations.filter((_, index) => !dropped.has(index));
  return {
    ...translation,
    definition: kept.length > 0 ? { ...rest, calculations: kept } : rest,
    calculationSources: translation.calculationSources.filter((_, index) => !dropped.has(index)),
  };
}
