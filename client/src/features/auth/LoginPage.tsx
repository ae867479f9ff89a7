import { useEffect, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { isApiError, isNetworkError } from '../../api/http';
import { setLanguage } from '../../app/i18n';
import { homePathFor } from '../../app/navigation';
import { useAuth } from './AuthProvider';

function loginError(error: unknown, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (isNetworkError(error)) return t('login.offline');
  if (isApiError(error)) {
    if (error.code === 'INVALID_CREDENTIALS' || error.status === 401) return t('login.invalid');
    if (error.status === 429) {
      return error.retryAfterSeconds
        ? t('login.tooManyWait', { minutes: Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) })
        : t('login.tooMany');
    }
    if (error.status === 403) return t('login.disabled');
  }
  return t('login.failed');
}

export function LoginPage(): ReactElement {
  const { t, i18n } = useTranslation();
  const { user, login, expired } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from;

  useEffect(() => {
    document.title = `${t('login.title')} — Wakuncar`;
  }, [t]);

  if (user) return <Navigate to={from ?? homePathFor(user.role)} replace />;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(null);
    if (!username.trim() || !password) {
      setError(t('login.missing'));
      return;
    }
    setBusy(true);
    try {
      const signedIn = await login(username.trim(), password);
      navigate(from ?? homePathFor(signedIn.role), { replace: true });
    } catch (caught) {
      setError(loginError(caught, t));
      setBusy(false);
    }
  };

  const english = i18n.language.startsWith('en');
  return (
    <div className="login">
      <div className="login-card">
        <div className="login-brand">
          <img src="/favicon.svg" alt="" width={56} height={56} />
          <div>
            <p className="login-brand-name">Wakuncar</p>
            <p className="login-brand-org">{t('shell.organisation')}</p>
          </div>
        </div>
        <h1 className="login-title">{t('login.title')}</h1>
        <p className="muted">{t('login.lead')}</p>
        {expired && (
          <div className="notice notice--warning" role="status">
            {t('login.expired')}
          </div>
        )}
        {error && (
          <div className="notice notice--danger" role="alert">
            {error}
          </div>
        )}
        <form onSubmit={(event) => void submit(event)} noValidate>
          <div className="field">
            <label className="field-label" htmlFor="login-username">
              {t('login.username')}
            </label>
            <input
              id="login-username"
              className="input"
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              autoCorrect="off"
              spellCheck={false}
              value={username}
              onChange={(event) => setUsername(event.target.value)}
              required
            />
          </div>
          <div className="field">
            <label className="field-label" htmlFor="login-password">
              {t('login.password')}
            </label>
            <div className="inline-controls">
              <input
                id="login-password"
                className="input"
                name="password"
                type={showPassword ? 'text' : 'password'}
                autoComplete="current-password"
                value={password}
                onChange={(event) => setPassword(event.target.value)}
                required
              />
              <button type="button" className="button button--quiet button--small" aria-pressed={showPassword} onClick={() => setShowPassword(!showPassword)}>
                {showPassword ? t('login.hidePassword') : t('login.showPassword')}
              </button>
            </div>
          </div>
          <button type="submit" className="button button--primary button--block button--large" disabled={busy}>
            {busy ? t('login.busy') : t('login.submit')}
          </button>
        </form>
        <p className="login-footer">
          <button type="button" className="link-button" onClick={() => setLanguage(english ? 'id' : 'en')} lang={english ? 'id' : 'en'}>
            {english ? 'Bahasa Indonesia' : 'English'}
          </button>
        </p>
      </div>
      <p className="login-help muted">{t('login.help')}</p>
    </div>
  );
}
