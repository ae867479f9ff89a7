import type { FastifyRequest } from 'fastify';
import type { MessageLanguage } from '../../../schemas/validator';

interface Preference {
  q: number;
  /** Position in the header: between equal weights, the earlier one is preferred. */
  order: number;
}

const NONE: Preference = { q: 0, order: Infinity };

function better(a: Preference, b: Preference): boolean {
  return a.q > b.q || (a.q === b.q && a.order < b.order);
}

/**
 * Bahasa Indonesia unless the caller prefers English in Accept-Language (a region subtag such as
 * en-US counts for its language; weights first, then the header's order; a `*` stands for either).
 */
export function messageLanguage(request: Pick<FastifyRequest, 'headers'>): MessageLanguage {
  const header = request.headers['accept-language'];
  if (!header) return 'id';
  const found: Record<MessageLanguage | '*', Preference> = { id: NONE, en: NONE, '*': NONE };
  header.split(',').forEach((part, order) => {
    const [range, ...params] = part.trim().toLowerCase().split(';');
    const weight = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = weight ? Number(weight.slice(2)) : 1;
    const language = range.split('-')[0];
    if (!(q > 0) || (language !== 'id' && language !== 'en' && language !== '*')) return;
    if (better({ q, order }, found[language])) found[language] = { q, order };
  });
  const id = found.id.q > 0 ? found.id : found['*'];
  const en = found.en.q > 0 ? found.en : found['*'];
  return better(en, id) ? 'en' : 'id';
}
