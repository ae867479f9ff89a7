import { AuditLog } from '../modules/audit/audit-log.entity';
import { ApiToken } from '../modules/auth/api-token.entity';
import { LoginFailure } from '../modules/auth/login-failure.entity';
import { StoredFile } from '../modules/files/stored-file.entity';
import { Region } from '../modules/regions/region.entity';
import { Submission } from '../modules/submissions/submission.entity';
import { Theme, ThemeVersion } from '../modules/themes/theme.entity';
import { User } from '../modules/users/user.entity';
import { Notification, NotificationContact, NotificationDelivery } from '../modules/notifications/notification.entity';
import { Webhook, WebhookDelivery } from '../modules/webhooks/webhook.entity';
import { ExportJob } from '../modules/exports/export.entity';
import { Alert } from '../modules/alerts/alert.entity';

/** Every TypeORM entity of every domain. */
export const ENTITIES = [Region, User, ApiToken, LoginFailure, AuditLog, Theme, ThemeVersion, Submission, StoredFile, Notification, NotificationDelivery, NotificationContact, Webhook, WebhookDelivery, ExportJob, Alert];
