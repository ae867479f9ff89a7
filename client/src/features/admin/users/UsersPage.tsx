import { useDeferredValue, useEffect, useId, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Dialog } from '../../../app/Dialog';
import { describeError, PageState } from '../../../app/PageState';
import { useToast } from '../../../app/Toaster';
import { useCurrentUser } from '../../auth/AuthProvider';
import { PasswordOnceDialog } from './PasswordOnceDialog';
import { UserFormDialog } from './UserFormDialog';
import { changeUser, fetchUsers, resetPassword, type ManagedUser } from './users-api';
import { RegionName } from '../../../app/RegionName';

const USERS_KEY = ['admin', 'users'] as const;

type Pending =
  | { kind: 'create' }
  | { kind: 'edit'; user: ManagedUser }
  | { kind: 'disable'; user: ManagedUser }
  | { kind: 'reset'; user: ManagedUser }
  | { kind: 'password'; username: string; password: string };

function ConfirmDialog({ title, body, action, onConfirm, onClose }: { title: string; body: string; action: string; onConfirm: () => Promise<void>; onClose: () => void }): ReactElement {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const confirm = async (): Promise<void> => {
    setBusy(true);
    try {
      await onConfirm();
    } catch (caught) {
      setFailure(describeError(caught, t));
      setBusy(false);
    }
  };
  return (
    <Dialog
      tone="danger"
      title={title}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button button--danger" disabled={busy} onClick={() => void confirm()}>
            {action}
          </button>
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('admin.users.cancel')}
          </button>
        </>
      }
    >
      <p>{body}</p>
      {failure && (
        <p className="text-danger" role="alert">
          {failure}
        </p>
      )}
    </Dialog>
  );
}

/** The admin's users: search, create, change role or region, disable, reset a password (shown once). */
export function UsersPage(): ReactElement {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const notify = useToast();
  const queryClient = useQueryClient();
  const searchId = useId();
  const [search, setSearch] = useState('');
  const words = useDeferredValue(search.trim());
  const [pending, setPending] = useState<Pending | null>(null);
  const users = useInfiniteQuery({
    queryKey: [...USERS_KEY, words],
    queryFn: ({ pageParam }) => fetchUsers({ q: words || undefined, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

  useEffect(() => {
    document.title = `${t('admin.users.title')} — Wakuncar`;
  }, [t]);

  const refresh = () => queryClient.invalidateQueries({ queryKey: USERS_KEY });
  const close = () => setPending(null);
  const setDisabled = async (user: ManagedUser, disabled: boolean): Promise<void> => {
    await changeUser(user.id, { disabled });
    notify(t(disabled ? 'admin.users.disabledNow' : 'admin.users.enabledNow', { username: user.username }), 'success');
    close();
    await refresh();
  };
  const reset = async (user: ManagedUser): Promise<void> => {
    const answer = await resetPassword(user.id);
    setPending({ kind: 'password', username: answer.username, password: answer.password });
  };

  const items = users.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1 className="page-title">{t('admin.users.title')}</h1>
          <p className="page-lead">{t('admin.users.lead')}</p>
        </div>
        <div className="admin-actions">
          <button type="button" className="button button--primary" onClick={() => setPending({ kind: 'create' })}>
            {t('admin.users.add')}
          </button>
          <Link className="button button--secondary" to="/admin/pengguna/banyak">
            {t('admin.users.addMany')}
          </Link>
        </div>
      </div>
      <div className="admin-field">
        <label htmlFor={searchId}>{t('admin.users.search')}</label>
        <input id={searchId} className="input" type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
      </div>
      <PageState pending={users.isPending} error={users.error} onRetry={() => void users.refetch()}>
        {items.length === 0 ? (
          <p className="empty">{t('admin.users.empty')}</p>
        ) : (
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.users.name')}</th>
                <th scope="col">{t('admin.users.username')}</th>
                <th scope="col">{t('admin.users.role')}</th>
                <th scope="col">{t('admin.users.region')}</th>
                <th scope="col">{t('admin.users.status')}</th>
                <th scope="col">{t('admin.users.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((user) => (
                <tr key={user.id}>
                  <td data-label={t('admin.users.name')}>{user.displayName}</td>
                  <td data-label={t('admin.users.username')}>@{user.username}</td>
                  <td data-label={t('admin.users.role')}>{t(`admin.users.roles.${user.role}`)}</td>
                  <td data-label={t('admin.users.region')}>
                    <RegionName code={user.regionCode} />
                  </td>
                  <td data-label={t('admin.users.status')}>
                    <span className={`badge badge--${user.disabled ? 'neutral' : 'success'}`}>{t(user.disabled ? 'admin.users.disabled' : 'admin.users.active')}</span>
                  </td>
                  <td data-label={t('admin.users.actions')}>
                    <div className="admin-table-actions">
                      <button type="button" className="button button--quiet button--small" onClick={() => setPending({ kind: 'edit', user })} aria-label={`${t('admin.users.edit')} ${user.displayName}`}>
                        {t('admin.users.edit')}
                      </button>
                      {user.id !== me.id && (
                        <>
                          {user.disabled ? (
                            <button type="button" className="button button--quiet button--small" onClick={() => void setDisabled(user, false).catch((caught: unknown) => notify(describeError(caught, t), 'danger'))}>
                              {t('admin.users.enable')}
                            </button>
                          ) : (
                            <button type="button" className="button button--danger-quiet button--small" onClick={() => setPending({ kind: 'disable', user })} aria-label={`${t('admin.users.disable')} ${user.displayName}`}>
                              {t('admin.users.disable')}
                            </button>
                          )}
                          <button type="button" className="button button--quiet button--small" onClick={() => setPending({ kind: 'reset', user })} aria-label={`${t('admin.users.resetPassword')} ${user.displayName}`}>
                            {t('admin.users.resetPassword')}
                          </button>
                        </>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {users.hasNextPage && (
          <button type="button" className="button button--secondary" disabled={users.isFetchingNextPage} onClick={() => void users.fetchNextPage()}>
            {t('admin.users.more')}
          </button>
        )}
      </PageState>

      {(pending?.kind === 'create' || pending?.kind === 'edit') && (
        <UserFormDialog
          user={pending.kind === 'edit' ? pending.user : undefined}
          onClose={close}
          onCreated={(user) => {
            notify(t('admin.users.created', { username: user.username }), 'success');
            setPending({ kind: 'password', username: user.username, password: user.password });
            void refresh();
          }}
          onSaved={() => {
            notify(t('admin.users.saved'), 'success');
            close();
            void refresh();
          }}
        />
      )}
      {pending?.kind === 'disable' && (
        <ConfirmDialog
          title={t('admin.users.confirmDisableTitle', { name: pending.user.displayName })}
          body={t('admin.users.confirmDisable')}
          action={t('admin.users.disable')}
          onConfirm={() => setDisabled(pending.user, true)}
          onClose={close}
        />
      )}
      {pending?.kind === 'reset' && (
        <ConfirmDialog
          title={t('admin.users.confirmResetTitle', { name: pending.user.displayName })}
          body={t('admin.users.confirmReset')}
          action={t('admin.users.resetPassword')}
          onConfirm={() => reset(pending.user)}
          onClose={close}
        />
      )}
      {pending?.kind === 'password' && <PasswordOnceDialog username={pending.username} password={pending.password} onClose={close} />}
    </div>
  );
}
