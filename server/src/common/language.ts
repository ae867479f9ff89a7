import type { Request } from 'express';
import type { MessageLanguage } from '../../../schemas/validator';

/** Bahasa Indonesia unless the caller prefers English (Accept-Language: en…). */
export function messageLanguage(request: Request): MessageLanguage {
  return request.acceptsLanguages('id', 'en') === 'en' ? 'en' : 'id';
}
