import { Foundation1764290000000 } from './1764290000000-foundation';
import { ThemesSubmissions1764300000000 } from './1764300000000-themes-submissions';
import { Workers1764400000000 } from './1764400000000-workers';
import { AggregateCellFillfactor1764500000000 } from './1764500000000-aggregate-cell-fillfactor';
import { CacheInvalidation1764600000000 } from './1764600000000-cache-invalidation';
import { ValidatorModule1764700000000 } from './1764700000000-validator-module';
import { TokenScopes1765100000000 } from './1765100000000-token-scopes';
import { Exports1765100000001 } from './1765100000001-exports';
import { SubmissionFilledAt1765200000014 } from './1765200000014-submission-filled-at';
import { LoginSessions1765216000000 } from './1765216000000-login-sessions';
import { Alerts1765400000000 } from './1765400000000-alerts';
import { SessionLifetimes1765500000000 } from './1765500000000-session-lifetimes';
import { FileContent1765600000000 } from './1765600000000-file-content';
import { DeliveryLease1765600000001 } from './1765600000001-delivery-lease';
import { Imports1765700000000 } from './1765700000000-imports';
import { FailedDeliveryIndexes1765800000000 } from './1765800000000-failed-delivery-indexes';

/** Every migration, in order. A new migration is added here so the build needs no glob. */
export const MIGRATIONS = [
  Foundation1764290000000,
  ThemesSubmissions1764300000000,
  Workers1764400000000,
  AggregateCellFillfactor1764500000000,
  CacheInvalidation1764600000000,
  ValidatorModule1764700000000,
  TokenScopes1765100000000,
  Exports1765100000001,
  SubmissionFilledAt1765200000014,
  LoginSessions1765216000000,
  Alerts1765400000000,
  SessionLifetimes1765500000000,
  FileContent1765600000000,
  DeliveryLease1765600000001,
  Imports1765700000000,
  FailedDeliveryIndexes1765800000000,
];
