import { useId, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/http';
import type { Role } from '../../../api/types';
import { Dialog } from '../../../app/Dialog';
import { describeError } from '../../../app/PageState';
import { useCurrentUser } from '../../auth/AuthProvider';
import { RegionPicker } from './RegionPicker';
import { changeUser, createUsersInBulk, ROLES, type BulkRow, type ManagedUser, type UserWithPassword } from './users-api';

type Field = keyof BulkRow;

interface UserFormDialogProps {
  /** The user to change; absent: a new one. */
  user?: ManagedUser;
  onClose: () => void;
  onCreated: (user: UserWithPassword) => void;
  onSaved: (user: ManagedUser) => void;
}

/**
 * Creates one user (as a bulk of one, so the server makes the first password and checks the row the
 * same way) or changes one user's name, role and region.
 */
export function UserFormDialog({ user, onClose, onCreated, onSaved }: UserFormDialogProps): ReactElement {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const ids = { displayName: useId(), username: useId(), role: useId(), regionCode: useId() };
  const [values, setValues] = useState<BulkRow>({
    displayName: user?.displayName ?? '',
    username: user?.username ?? '',
    role: user?.role ?? 'kader',
    regionCode: user?.regionCode ?? me.regionCode,
  });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (field: Field, value: string) => setValues((current) => ({ ...current, [field]: value }));

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setFailure(null);
    try {
      if (user) {
        onSaved(await changeUser(user.id, { displayName: values.displayName.trim(), role: values.role as Role, regionCode: values.regionCode.trim() }));
      } else {
        const answer = await createUsersInBulk([values], false);
        onCreated(answer.users[0]);
      }
    } catch (caught) {
      const byField: Partial<Record<Field, string>> = {};
      if (isApiError(caught)) {
        for (const problem of caught.errors) {
          const field = problem.path.split('/').pop() as Field;
          if (field in values) byField[field] = problem.message;
        }
        if (caught.code === 'REGION_OUT_OF_SCOPE') byField.regionCode = caught.detail;
      }
      setErrors(byField);
      if (Object.keys(byField).length === 0) setFailure(describeError(caught, t));
    } finally {
      setBusy(false);
    }
  };

  const fieldProps = (field: Field) => ({
    id: ids[field],
    'aria-invalid': Boolean(errors[field]),
    'aria-describedby': errors[field] ? `${ids[field]}-error` : undefined,
  });
  const fieldError = (field: Field) =>
    errors[field] && (
      <p id={`${ids[field]}-error`} className="admin-field-error">
        {errors[field]}
      </p>
    );

  return (
    <Dialog
      title={user ? t('admin.users.editTitle', { name: user.displayName }) : t('admin.users.createTitle')}
      onClose={onClose}
      actions={
        <>
          <button type="submit" form="user-form" className="button button--primary" disabled={busy}>
            {user ? t('admin.users.save') : t('admin.users.create')}
          </button>
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('admin.users.cancel')}
          </button>
        </>
      }
    >
      <form id="user-form" className="dialog-body" onSubmit={(event) => void submit(event)} noValidate>
        <div className="admin-field">
          <label htmlFor={ids.displayName}>{t('admin.users.name')}</label>
          <input className="input" value={values.displayName} maxLength={120} onChange={(event) => set('displayName', event.target.value)} {...fieldProps('displayName')} />
          {fieldError('displayName')}
        </div>
        {!user && (
          <div className="admin-field">
            <label htmlFor={ids.username}>{t('admin.users.username')}</label>
            <input className="input" value={values.username} autoCapitalize="none" autoComplete="off" onChange={(event) => set('username', event.target.value)} {...fieldProps('username')} />
            <p className="small muted">{t('admin.users.usernameHint')}</p>
            {fieldError('username')}
          </div>
        )}
        <div className="admin-field">
          <label htmlFor={ids.role}>{t('admin.users.role')}</label>
          <select className="input" value={values.role} onChange={(event) => set('role', event.target.value)} {...fieldProps('role')}>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`admin.users.roles.${role}`)}
              </option>
            ))}
          </select>
          {fieldError('role')}
        </div>
        <div className="admin-field">
          <RegionPicker root={me.regionCode} value={values.regionCode} onChange={(code) => set('regionCode', code)} invalid={Boolean(errors.regionCode)} />
          {fieldError('regionCode')}
        </div>
        {!user && <p className="small muted">{t('admin.users.firstPasswordHint')}</p>}
        {failure && (
          <p className="text-danger" role="alert">
            {failure}
          </p>
        )}
      </form>
    </Dialog>
  );
}
