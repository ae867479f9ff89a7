import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../../app/Dialog';

/** A generated password, shown this once: the server keeps only its hash. */
export function PasswordOnceDialog({ username, password, onClose }: { username: string; password: string; onClose: () => void }): ReactElement {
  const { t } = useTranslation();
  return (
    <Dialog
      title={t('admin.users.passwordOnceTitle', { username })}
      onClose={onClose}
      actions={
        <button type="button" className="button button--primary" onClick={onClose}>
          {t('admin.users.close')}
        </button>
      }
    >
      <p>{t('admin.users.passwordOnce')}</p>
      <p className="small muted">{t('admin.users.passwordLabel')}</p>
      <p className="password-once" data-testid="password-once">
        {password}
      </p>
    </Dialog>
  );
}
