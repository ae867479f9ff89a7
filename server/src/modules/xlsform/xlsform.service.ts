import { Injectable } from '@nestjs/common';
import themeDefinitionSchema from '../../../../schemas/theme-definition.schema.json';
import type { ThemeDefinition } from '../../../../schemas/theme-definition';
import type { MessageLanguage } from '../../../../schemas/validator';
import { DomainError } from '../../common/domain-error';
import { ThemesService } from '../themes/themes.service';
import type { User } from '../users/user.entity';
import { inLanguage, XlsformInvalid } from './xlsform-errors';
import { readXlsform } from './xlsform-reader';
import { translateXlsform } from './xlsform-translator';

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
    let translation;
    try {
      translation = translateXlsform(await readXlsform(data), { calculations: CALCULATIONS_ACCEPTED });
    } catch (error) {
      throw error instanceof XlsformInvalid ? inLanguage(error, language) : error;
    }
    const { definition } = translation;
    const report = translation.report.map(({ message, ...where }) => ({ ...where, message: message[language] }));
    for (let attempt = 1; attempt <= SLUG_ATTEMPTS; attempt += 1) {
      const slug = attempt === 1 ? definition.slug : `${definition.slug}-${attempt}`;
      try {
        const created = await this.themes.create(actor, { ...definition, slug }, { source: 'xlsform', fileName: fileName.slice(0, 200), untranslated: report.length });
        return { slug, draft: created.draft, report };
      } catch (error) {
        if (error instanceof DomainError && error.code === 'THEME_EXISTS') continue;
        throw error;
      }
    }
    throw new XlsformInvalid('XLSFORM_DUPLICATE_NAME', [
      { sheet: 'settings', row: null, column: 'form_id', message: { id: `Sudah ada ${SLUG_ATTEMPTS} tematik bernama "${definition.slug}"; ubah form_id.`, en: `There are already ${SLUG_ATTEMPTS} themes named "${definition.slug}"; change form_id.` } },
    ]);
  }
}
