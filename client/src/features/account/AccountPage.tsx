import { useEffect, useId, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { updateProfile } from '../../api/endpoints';
import { isApiError } from '../../api/http';
import { useRegion } from '../../api/queries';
import { describeError } from '../../app/PageState';
import { setLanguage, textLanguage, type Language } from '../../app/i18n';
import { useToast } from '../../app/Toaster';
import { LogoutDialog } from '../auth/LogoutDialog';
import { useCurrentUser } from '../auth/AuthProvider';
import { readSession, writeSession } from '../auth/session';
import './texts';
import './account.css';
import { regionLabel } from '../../app/RegionName';

const MIN_PASSWORD = 10;

/** Keeps the stored login's user in step with what the server answered. */
function rememberUser(user: ReturnType<typeof useCurrentUser>): void {
  const session = readSession();
  if (session) writeSession({ token: session.token, user });
}

function ProfileCard(): ReactElement {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const region = useRegion(user.regionCode);
  const notify = useToast();
  const nameId = useId();
  const [name, setName] = useState(user.displayName);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      rememberUser(await updateProfile({ displayName: name.trim() }));
      notify(t('account.nameSaved'), 'success');
    } catch (caught) {
      setError(describeError(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card account-card" aria-labelledby="account-profile">
      <h2 id="account-profile" className="section-title">
        {t('account.profile')}
      </h2>
      <dl className="account-facts">
        <dt>{t('account.username')}</dt>
        <dd>@{user.username}</dd>
        <dt>{t('account.role')}</dt>
        <dd>{t(`roles.${user.role}`)}</dd>
        <dt>{t('account.region')}</dt>
        <dd>{region.data ? regionLabel(region.data) : user.regionCode}</dd>
      </dl>
      <form className="account-form" onSubmit={(event) => void save(event)}>
        <div className="account-field">
          <label htmlFor={nameId}>{t('account.name')}</label>
          <input id={nameId} className="input" value={name} maxLength={120} required onChange={(event) => setName(event.target.value)} />
        </div>
        {error && (
          <p className="text-danger" role="alert">
            {error}
          </p>
        )}
        <div className="account-actions">
          <button type="submit" className="button button--secondary" disabled={busy || !name.trim() || name.trim() === user.displayName}>
            {t('account.saveName')}
          </button>
        </div>
      </form>
    </section>
  );
}

function LanguageCard(): ReactElement {
  const { t, i18n } = useTranslation();
  const notify = useToast();
  const current = textLanguage(i18n.language);
  const choose = async (language: Language): Promise<void> => {
    try {
      // Stored first, so the session already holds it when the switch below announces the change.
      rememberUser(await updateProfile({ language }));
      setLanguage(language);
      notify(t('account.languageSaved', { lng: language }), 'success');
    } catch (caught) {
      setLanguage(language);
      notify(describeError(caught, t), 'warning');
    }
  };
  return (
    <section className="card account-card" aria-labelledby="account-language">
      <h2 id="account-language" className="section-title">
        {t('account.language')}
      </h2>
      <p className="muted">{t('account.languageLead')}</p>
      <div className="chips" role="group" aria-labelledby="account-language">
        {(['id', 'en'] as const).map((language) => (
          <button key={language} type="button" className="chip" lang={language} aria-pressed={current === language} onClick={() => void choose(language)}>
            {language === 'id' ? 'Bahasa Indonesia' : 'English'}
          </button>
        ))}
      </div>
    </section>
  );
}

function PasswordCard(): ReactElement {
  const { t } = useTranslation();
  const notify = useToast();
  const ids = { current: useId(), next: useId(), repeat: useId(), hint: useId() };
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<{ field: 'current' | 'next' | 'repeat' | null; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (next.length < MIN_PASSWORD) return setProblem({ field: 'next', message: t('account.tooShort') });
    if (next !== repeat) return setProblem({ field: 'repeat', message: t('account.mismatch') });
    setBusy(true);
    setProblem(null);
    try {
      rememberUser(await updateProfile({ password: { current, next } }));
      setCurrent('');
      setNext('');
      setRepeat('');
      notify(t('account.passwordChanged'), 'success');
    } catch (caught) {
      const wrongCurrent = isApiError(caught) && caught.code === 'CURRENT_PASSWORD_WRONG';
      setProblem({ field: wrongCurrent ? 'current' : null, message: wrongCurrent ? caught.errors[0]?.message ?? caught.detail : describeError(caught, t) });
    } finally {
      setBusy(false);
    }
  };

  const invalid = (field: 'current' | 'next' | 'repeat') => problem?.field === field;
  return (
    <section className="card account-card" aria-labelledby="account-password">
      <h2 id="account-password" className="section-title">
        {t('account.password')}
      </h2>
      <p className="muted">{t('account.passwordLead')}</p>
      <form className="account-form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="account-field">
          <label htmlFor={ids.current}>{t('account.current')}</label>
          <input id={ids.current} className="input" type="password" autoComplete="current-password" required value={current} aria-invalid={invalid('current')} onChange={(event) => setCurrent(event.target.value)} />
        </div>
        <div className="account-field">
          <label htmlFor={ids.next}>{t('account.next')}</label>
          <input id={ids.next} className="input" type="password" autoComplete="new-password" required aria-describedby={ids.hint} value={next} aria-invalid={invalid('next')} onChange={(event) => setNext(event.target.value)} />
          <p id={ids.hint} className="small muted">
            {t('account.nextHint')}
          </p>
        </div>
        <div className="account-field">
          <label htmlFor={ids.repeat}>{t('account.repeat')}</label>
          <input id={ids.repeat} className="input" type="password" autoComplete="new-password" required value={repeat} aria-invalid={invalid('repeat')} onChange={(event) => setRepeat(event.target.value)} />
        </div>
        {problem && (
          <p className="text-danger" role="alert">
            {problem.message}
          </p>
        )}
        <div className="account-actions">
          <button type="submit" className="button button--primary" disabled={busy || !current || !next || !repeat}>
            {t('account.changePassword')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** Everyone's own account: name, language (stored on the user), password, and a logout that ends the session on the server. */
export function AccountPage(): ReactElement {
  const { t } = useTranslation();
  const [loggingOut, setLoggingOut] = useState(false);
  useEffect(() => {
    document.title = `${t('account.title')} — Wakuncar`;
  }, [t]);
  return (
    <div className="page account-page">
      <h1 className="page-title">{t('account.title')}</h1>
      <ProfileCard />
      <LanguageCard />
      <PasswordCard />
      <section className="card account-card" aria-labelledby="account-logout">
        <h2 id="account-logout" className="section-title">
          {t('account.logout')}
        </h2>
        <p className="muted">{t('account.logoutLead')}</p>
        <div className="account-actions">
          <button type="button" className="button button--danger" onClick={() => setLoggingOut(true)}>
            {t('account.logout')}
          </button>
        </div>
      </section>
      {loggingOut && <LogoutDialog onClose={() => setLoggingOut(false)} />}
    </div>
  );
}
