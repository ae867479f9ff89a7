import type { FastifyRequest } from 'fastify';
import type { MessageLanguage } from '../../../schemas/validator';

/**
 * Bahasa Indonesia unless the caller prefers English: the highest-weighted of `id` / `en` in
 * Accept-Language (a region subtag such as en-US counts for its language; a tie goes to Indonesian).
 */
export function messageLanguage(request: Pick<FastifyRequest, 'headers'>): MessageLanguage {
  const header = request.headers['accept-language'];
  if (!header) return 'id';
  const weight: Record<MessageLanguage, number> = { id: -1, en: -1 };
  let wildcard = -1;
  for (const part of header.split(',')) {
    const [range, ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!(q > 0)) continue;
    const language = range.split('-')[0];
    if (language === 'id' || language === 'en') weight[language] = Math.max(weight[language], q);
    else if (language === '*') wildcard = Math.max(wildcard, q);
  }
  const id = weight.id >= 0 ? weight.id : wildcard;
  const en = weight.en >= 0 ? weight.en : wildcard;
  return en > id ? 'en' : 'id';
}
