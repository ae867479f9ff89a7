import { DomainError } from '../../common/domain-error';

/** A text in both of the product's languages; the answer carries the one the caller asked for. */
export interface Text {
  id: string;
  en: string;
}

/** Where in the spreadsheet: the sheet's name, the row number (1-based) and the column's header as written. */
export interface XlsformLocation {
  sheet: string;
  row: number | null;
  column: string | null;
}

/** Stable codes of the forms that cannot become a theme at all. */
export type XlsformProblemCode =
  | 'XLSFORM_UNREADABLE'
  | 'XLSFORM_NO_SURVEY'
  | 'XLSFORM_EMPTY'
  | 'XLSFORM_TOO_LARGE'
  | 'XLSFORM_DUPLICATE_NAME'
  | 'XLSFORM_NAME_MISSING'
  | 'XLSFORM_CHOICES_MISSING'
  | 'XLSFORM_GROUP_UNBALANCED'
  | 'XLSFORM_UNKNOWN_FIELD'
  | 'XLSFORM_CALCULATE_CYCLE';

export interface XlsformProblem extends XlsformLocation {
  message: Text;
}

/**
 * The spreadsheet is not a form Wakuncar can make a theme of: 422 with the code of the first kind of
 * problem found and every problem of that kind, each with its sheet, row and column.
 */
export class XlsformInvalid extends DomainError {
  constructor(
    readonly problemCode: XlsformProblemCode,
    readonly problems: XlsformProblem[],
  ) {
    super(422, problemCode, 'XLSForm cannot be imported', problems[0]?.message.id ?? 'XLSForm tidak dapat diimpor');
  }
}

/** The same refusal worded in the caller's language, as the problem filter serialises it. */
export function inLanguage(error: XlsformInvalid, language: 'id' | 'en'): DomainError {
  const problems = error.problems.map(({ message, ...where }) => ({ ...where, message: message[language] }));
  return new DomainError(422, error.problemCode, error.title, problems[0]?.message ?? error.message, undefined, { problems });
}
