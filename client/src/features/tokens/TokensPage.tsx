import { useEffect, useId, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Dialog } from '../../app/Dialog';
import { describeError, PageState } from '../../app/PageState';
import { useToast } from '../../app/Toaster';
import { formatDateTime, wibDate } from '../../lib/wib';
import { useCurrentUser } from '../auth/AuthProvider';
import { SecretOnce } from './SecretOnce';
import './texts';
import './tool-page.css';
import {
  createToken,
  fetchTokens,
  revokeToken,
  SCOPE_TEXT,
  SCOPES_BY_ROLE,
  tokensKey,
  type ApiTokenView,
  type NewApiToken,
  type TokenScope,
} from './tokens-api';

const DAY_MS = 86_400_000;
const PRESETS = [30, 90, 365] as const;
type Expiry = (typeof PRESETS)[number] | 'custom';

/** When the chosen expiry ends: a preset counts days from now, a date ends at 23:59 WIB that day. */
function expiryInstant(expiry: Expiry, customDate: string, now: Date): Date | null {
  if (expiry !== 'custom') return new Date(now.getTime() + expiry * DAY_MS);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(customDate)) return null;
  const end = new Date(`${customDate}T23:59:59+07:00`);
  // The server allows one year from now; the last allowed day is the one whose end still fits.
  const latest = new Date(now.getTime() + 365 * DAY_MS);
  return end.getTime() > now.getTime() && end.getTime() <= latest.getTime() ? end : null;
}

function CreateTokenForm({ onCreated }: { onCreated: (token: NewApiToken) => void }): ReactElement {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const nameId = useId();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<TokenScope[]>(['aggregates:read']);
  const [expiry, setExpiry] = useState<Expiry>(90);
  const [customDate, setCustomDate] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const now = new Date();
  const until = expiryInstant(expiry, customDate, now);

  const create = useMutation({
    mutationFn: createToken,
    onSuccess: (token) => {
      setName('');
      setProblems([]);
      void queryClient.invalidateQueries({ queryKey: tokensKey });
      onCreated(token);
    },
  });

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const found = [
      !name.trim() && t('tokens.create.nameRequired'),
      scopes.length === 0 && t('tokens.create.scopeRequired'),
      !until && t('tokens.create.dateRequired'),
    ].filter((problem): problem is string => Boolean(problem));
    setProblems(found);
    if (found.length === 0 && until)
      create.mutate({
        name: name.trim(),
        scopes,
        expiresAt: until.toISOString(),
      });
  };

  const toggle = (scope: TokenScope, on: boolean): void =>
    setScopes((current) => (on ? [...current, scope] : current.filter((value) => value !== scope)));

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby={`${nameId}-title`}>
      <h2 id={`${nameId}-title`} className="section-title">
        {t('tokens.create.title')}
      </h2>
      <div className="field">
        <label className="field-label" htmlFor={nameId}>
          {t('tokens.create.name')}
        </label>
        <input
          id={nameId}
          className="input"
          value={name}
          maxLength={100}
          onChange={(event) => setName(event.target.value)}
          aria-describedby={`${nameId}-help`}
        />
        <span id={`${nameId}-help`} className="field-help">
          {t('tokens.create.nameHelp')}
        </span>
      </div>
      <fieldset>
        <legend>{t('tokens.create.scopes')}</legend>
        <p className="field-help">{t('tokens.create.scopesHelp')}</p>
        {SCOPES_BY_ROLE[user.role].map((scope) => (
          <label key={scope} className="choice">
            <input type="checkbox" checked={scopes.includes(scope)} onChange={(event) => toggle(scope, event.target.checked)} />
            <span>{t(`tokens.scopes.${SCOPE_TEXT[scope]}`)}</span>
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('tokens.create.expiry')}</legend>
        <div className="choices-inline">
          {PRESETS.map((days) => (
            <label key={days} className="choice">
              <input type="radio" name={`${nameId}-expiry`} checked={expiry === days} onChange={() => setExpiry(days)} />
              <span>{t('tokens.create.days', { count: days })}</span>
            </label>
          ))}
          <label className="choice">
            <input type="radio" name={`${nameId}-expiry`} checked={expiry === 'custom'} onChange={() => setExpiry('custom')} />
            <span>{t('tokens.create.custom')}</span>
          </label>
        </div>
        {expiry === 'custom' && (
          <div className="field">
            <label className="field-label" htmlFor={`${nameId}-date`}>
              {t('tokens.create.customDate')}
            </label>
            <input
              id={`${nameId}-date`}
              type="date"
              className="input"
              value={customDate}
              min={wibDate(new Date(now.getTime() + DAY_MS))}
              max={wibDate(new Date(now.getTime() + 364 * DAY_MS))}
              onChange={(event) => setCustomDate(event.target.value)}
            />
          </div>
        )}
        {until && (
          <p className="field-help">
            {t('tokens.create.expiryHelp', {
              date: formatDateTime(until, i18n.language),
            })}
          </p>
        )}
      </fieldset>
      {(problems.length > 0 || create.error) && (
        <div className="notice notice--danger" role="alert">
          {problems.map((problem) => (
            <p key={problem}>{problem}</p>
          ))}
          {create.error && <p>{describeError(create.error, t)}</p>}
        </div>
      )}
      <button type="submit" className="button button--primary" disabled={create.isPending}>
        {create.isPending ? t('tokens.create.busy') : t('tokens.create.submit')}
      </button>
    </form>
  );
}

/** The secret, shown this once: the server keeps only its hash. */
function NewTokenNotice({ token, onDone }: { token: NewApiToken; onDone: () => void }): ReactElement {
  const { t } = useTranslation();
  const texts = {
    title: t('tokens.created.title', { name: token.name }),
    warning: t('tokens.created.warning'),
    label: t('tokens.created.label'),
    copy: t('tokens.created.copy'),
    copied: t('tokens.created.copied'),
    copyFailed: t('tokens.created.copyFailed'),
    done: t('tokens.created.done'),
  };
  return <SecretOnce value={token.token} texts={texts} onDone={onDone} />;
}

function RevokeDialog({ token, onClose }: { token: ApiTokenView; onClose: () => void }): ReactElement {
  const { t } = useTranslation();
  const notify = useToast();
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => revokeToken(token.id),
    onSuccess: () => {
      notify(t('tokens.revoke.done', { name: token.name }), 'success');
      void queryClient.invalidateQueries({ queryKey: tokensKey });
      onClose();
    },
  });
  return (
    <Dialog
      title={t('tokens.revoke.title', { name: token.name })}
      tone="danger"
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className="button button--danger" disabled={revoke.isPending} onClick={() => revoke.mutate()}>
            {t('tokens.revoke.confirm')}
          </button>
        </>
      }
    >
      <p>{t('tokens.revoke.body')}</p>
      {revoke.error && (
        <p className="text-danger" role="alert">
          {describeError(revoke.error, t)}
        </p>
      )}
    </Dialog>
  );
}

function TokenTable({ tokens, onRevoke }: { tokens: ApiTokenView[]; onRevoke: (token: ApiTokenView) => void }): ReactElement {
  const { t, i18n } = useTranslation();
  if (tokens.length === 0) return <p className="empty">{t('tokens.list.empty')}</p>;
  return (
    <div className="tool-table-wrap">
      <table className="tool-table">
        <thead>
          <tr>
            <th scope="col">{t('tokens.list.name')}</th>
            <th scope="col">{t('tokens.list.scopes')}</th>
            <th scope="col">{t('tokens.list.createdAt')}</th>
            <th scope="col">{t('tokens.list.expiresAt')}</th>
            <th scope="col">{t('tokens.list.lastUsedAt')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('tokens.list.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr key={token.id}>
              <td data-label={t('tokens.list.name')}>
                <strong>{token.name}</strong>
              </td>
              <td data-label={t('tokens.list.scopes')}>{token.scopes.map((scope) => t(`tokens.scopes.${SCOPE_TEXT[scope]}`)).join('; ')}</td>
              <td data-label={t('tokens.list.createdAt')} className="nowrap">
                {formatDateTime(token.createdAt, i18n.language)}
              </td>
              <td data-label={t('tokens.list.expiresAt')} className="nowrap">
                {formatDateTime(token.expiresAt, i18n.language)}
              </td>
              <td data-label={t('tokens.list.lastUsedAt')} className="nowrap">
                {token.lastUsedAt ? formatDateTime(token.lastUsedAt, i18n.language) : <span className="muted">{t('tokens.list.neverUsed')}</span>}
              </td>
              <td>
                <button
                  type="button"
                  className="button button--danger-quiet button--small"
                  aria-label={`${t('tokens.list.revoke')} ${token.name}`}
                  onClick={() => onRevoke(token)}
                >
                  {t('tokens.list.revoke')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** API tokens for OPD scripts and admins: create (the secret shown once), see when each was last used, revoke. */
export function TokensPage(): ReactElement {
  const { t } = useTranslation();
  const tokens = useQuery({ queryKey: tokensKey, queryFn: fetchTokens });
  const [created, setCreated] = useState<NewApiToken | null>(null);
  const [revoking, setRevoking] = useState<ApiTokenView | null>(null);

  useEffect(() => {
    document.title = `${t('tokens.title')} — Wakuncar`;
  }, [t]);

  return (
    <div className="page tool-page">
      <div className="page-head">
        <div>
          <h1 className="page-title">{t('tokens.title')}</h1>
          <p className="page-lead">{t('tokens.lead')}</p>
        </div>
      </div>
      {created && <NewTokenNotice token={created} onDone={() => setCreated(null)} />}
      <div className="tool-grid">
        <CreateTokenForm onCreated={setCreated} />
        <section className="card" aria-labelledby="tokens-list-title">
          <h2 id="tokens-list-title" className="section-title">
            {t('tokens.list.title')}
          </h2>
          <PageState pending={tokens.isPending} error={tokens.error} onRetry={() => void tokens.refetch()}>
            <TokenTable tokens={tokens.data ?? []} onRevoke={setRevoking} />
          </PageState>
        </section>
      </div>
      {revoking && <RevokeDialog token={revoking} onClose={() => setRevoking(null)} />}
    </div>
  );
}
