import { useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { Dialog } from '../../app/Dialog';
import { listDrafts } from '../fill/drafts';
import { useOutbox } from '../offline/OutboxProvider';
import { useCurrentUser, useAuth } from './AuthProvider';

/**
 * Logging out on a shared phone forgets what this person read. Unsent submissions are never dropped:
 * the dialog says how many there are and offers to send them first; otherwise they stay on the phone,
 * seen by no one else, and are sent once their owner logs in again.
 */
export function LogoutDialog({ onClose }: { onClose: () => void }): ReactElement {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const { logout } = useAuth();
  const outbox = useOutbox();
  const [drafts, setDrafts] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const unsent = outbox.waiting + outbox.rejected;

  useEffect(() => {
    void listDrafts(user.id).then((found) => setDrafts(found.length));
  }, [user.id]);

  const leave = async (): Promise<void> => {
    setBusy(true);
    await logout();
    navigate('/masuk', { replace: true });
  };

  const sendFirst = async (): Promise<void> => {
    setBusy(true);
    await outbox.sendNow();
    setBusy(false);
    onClose();
    navigate('/kiriman');
  };

  // Unsent submissions are known at once (the outbox's count): their warning never waits for the
  // drafts to be counted, which a busy phone's database can take a moment to answer.
  if (drafts === null && unsent === 0) {
    return (
      <Dialog title={t('logout.title')} onClose={onClose} actions={<button type="button" className="button button--secondary" onClick={onClose}>{t('common.cancel')}</button>}>
        <p>{t('common.loading')}</p>
      </Dialog>
    );
  }

  if (unsent === 0 && drafts === 0) {
    return (
      <Dialog
        title={t('logout.title')}
        onClose={onClose}
        actions={
          <>
            <button type="button" className="button button--secondary" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button type="button" className="button button--primary" onClick={() => void leave()} disabled={busy}>
              {t('logout.confirm')}
            </button>
          </>
        }
      >
        <p>{t('logout.plain')}</p>
      </Dialog>
    );
  }

  return (
    <Dialog
      tone="danger"
      title={t('logout.unsentTitle')}
      onClose={onClose}
      actions={
        <>
          {unsent > 0 && (
            <button type="button" className="button button--primary" onClick={() => void sendFirst()} disabled={busy}>
              {t('logout.sendFirst')}
            </button>
          )}
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className="button button--secondary" onClick={() => void leave()} disabled={busy}>
            {t('logout.keepAndLeave')}
          </button>
        </>
      }
    >
      {unsent > 0 && <p className="dialog-emphasis">{t('logout.unsent', { count: unsent })}</p>}
      {drafts !== null && drafts > 0 && <p>{t('logout.drafts', { count: drafts })}</p>}
      <p>{t('logout.warning')}</p>
    </Dialog>
  );
}
