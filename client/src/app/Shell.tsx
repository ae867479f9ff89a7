import { useEffect, useRef, useState, useSyncExternalStore, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useMatch } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { loadNotifications, queryKeys, useRegion } from '../api/queries';
import { useCurrentUser } from '../features/auth/AuthProvider';
import { useOutbox } from '../features/offline/OutboxProvider';
import { pendingUpdate, subscribeUpdate } from './app-update';
import { setLanguage, type Language } from './i18n';
import { Icon } from './Icon';
import { navItemsFor } from './navigation';
import { useOnline } from './use-online';
import { ScreenBoundary } from './RouteError';
import { OnDemand } from '../lib/on-demand';
import { regionLabel } from './RegionName';

// Shown only when someone logs out: fetched then (precached for offline), not with every screen.
const logoutDialog = new OnDemand(() => import('../features/auth/LogoutDialog'));
const LogoutDialog = logoutDialog.component('LogoutDialog', (module) => module.LogoutDialog);

function LanguageSwitch(): ReactElement {
  const { t, i18n } = useTranslation();
  const current: Language = i18n.language.startsWith('en') ? 'en' : 'id';
  return (
    <div className="language-switch" role="group" aria-label={t('shell.language')}>
      {(['id', 'en'] as const).map((language) => (
        <button
          key={language}
          type="button"
          className="language-option"
          aria-pressed={current === language}
          lang={language}
          onClick={() => setLanguage(language)}
        >
          {language.toUpperCase()}
        </button>
      ))}
    </div>
  );
}

/** How many submissions wait on this phone; always visible so nothing is forgotten. */
function OutboxBadge(): ReactElement | null {
  const { t } = useTranslation();
  const { waiting, rejected, sending } = useOutbox();
  if (waiting + rejected === 0) return null;
  const label = [
    waiting > 0 ? t('outbox.waitingCount', { count: waiting }) : null,
    rejected > 0 ? t('outbox.rejectedCount', { count: rejected }) : null,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <Link to="/kiriman#antrean" className={`outbox-badge${rejected > 0 ? ' outbox-badge--danger' : ''}`} aria-label={label} title={label}>
      <Icon name={rejected > 0 ? 'alert' : 'upload'} size={18} />
      <span className="outbox-badge-count" data-testid="outbox-count">
        {waiting + rejected}
      </span>
      <span className="outbox-badge-text">{sending ? t('outbox.sending') : label}</span>
    </Link>
  );
}

/**
 * The bell: how many notifications are unread (of the newest page). Not asked while a form is being
 * filled, whose own reads come first on a slow link; the count kept from before still shows.
 */
function NotificationBell({ paused }: { paused: boolean }): ReactElement {
  const { t } = useTranslation();
  const first = useQuery({
    queryKey: queryKeys.notificationsFirstPage,
    queryFn: () => loadNotifications(),
    enabled: !paused,
    staleTime: 60_000,
    refetchInterval: 5 * 60_000,
  });
  const items = first.data?.items ?? [];
  const unread = items.filter((item) => item.readAt === null).length;
  const more = unread > 0 && unread === items.length && Boolean(first.data?.nextCursor);
  const label = unread > 0 ? t('shell.notificationsUnread', { count: unread }) : t('nav.notifications');
  return (
    <Link to="/notifikasi" className={`bell${unread > 0 ? ' bell--unread' : ''}`} aria-label={label} title={label}>
      <Icon name="bell" size={20} />
      {unread > 0 && (
        <span className="bell-count" data-testid="unread-count">
          {more ? `${unread}+` : unread}
        </span>
      )}
    </Link>
  );
}

function AccountMenu({ onLogout }: { onLogout: () => void }): ReactElement {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const region = useRegion(user.regionCode);
  const [open, setOpen] = useState(false);
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return undefined;
    const close = (event: MouseEvent | KeyboardEvent): void => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !container.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  return (
    <div className="account" ref={container}>
      <button
        type="button"
        className="account-button"
        aria-expanded={open}
        aria-controls="account-panel"
        aria-label={t('shell.account', { name: user.displayName })}
        onClick={() => {
          // The logout dialog is asked for from this menu: fetch it now, so it opens at once.
          if (!open) void logoutDialog.load().catch(() => undefined);
          setOpen(!open);
        }}
      >
        <Icon name="user" />
        <span className="account-name">{user.displayName}</span>
      </button>
      {open && (
        <div id="account-panel" className="account-panel">
          <p className="account-panel-name">{user.displayName}</p>
          <p className="muted">
            {t(`roles.${user.role}`)} · {region.data ? regionLabel(region.data) : user.regionCode}
          </p>
          <p className="muted small">@{user.username}</p>
          <LanguageSwitch />
          <Link to="/akun" className="button button--quiet button--block" onClick={() => setOpen(false)}>
            <Icon name="user" /> {t('nav.account')}
          </Link>
          <button
            type="button"
            className="button button--secondary button--block"
            onClick={() => {
              setOpen(false);
              onLogout();
            }}
          >
            <Icon name="logout" /> {t('shell.logout')}
          </button>
        </div>
      )}
    </div>
  );
}

function StatusBanners({ filling }: { filling: boolean }): ReactElement {
  const { t } = useTranslation();
  const online = useOnline();
  const { authRequired, rejected } = useOutbox();
  const update = useSyncExternalStore(subscribeUpdate, pendingUpdate, pendingUpdate);
  return (
    <div className="banners">
      {!online && (
        <div className="banner banner--offline" role="status">
          <Icon name="offline" /> <span>{t('shell.offline')}</span>
        </div>
      )}
      {authRequired && (
        <div className="banner banner--warning" role="alert">
          <Icon name="alert" /> <span>{t('shell.loginToSend')}</span>
        </div>
      )}
      {rejected > 0 && !filling && (
        <div className="banner banner--danger" role="alert">
          <Icon name="alert" />
          <span>{t('shell.rejected', { count: rejected })}</span>
          <Link to="/kiriman#antrean" className="banner-link">
            {t('shell.rejectedAction')}
          </Link>
        </div>
      )}
      {update && (
        <div className="banner banner--info" role="status">
          <Icon name="refresh" /> <span>{t('shell.updateReady')}</span>
          <button type="button" className="button button--small button--secondary" onClick={() => void update()}>
            {t('shell.updateAction')}
          </button>
        </div>
      )}
    </div>
  );
}

export function Shell(): ReactElement {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const online = useOnline();
  const location = useLocation();
  const [loggingOut, setLoggingOut] = useState(false);
  const main = useRef<HTMLElement>(null);
  const items = navItemsFor(user.role);
  // While filling a form its own action bar takes the bottom of a phone screen instead of the tab bar.
  const filling = useMatch('/tugas/:slug') !== null;

  // After navigating, move focus to the page so screen-reader users hear the new page, not the old link.
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [location.pathname]);

  return (
    <div className={`shell${filling ? ' shell--form' : ''}`}>
      <a className="skip-link" href="#main">
        {t('shell.skip')}
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link to="/" className="brand" aria-label={t('shell.homeLink')}>
            <img src="/favicon.svg" alt="" width={32} height={32} className="brand-mark" />
            <span className="brand-text">
              <span className="brand-name">Wakuncar</span>
              <span className="brand-org">{t('shell.organisation')}</span>
            </span>
          </Link>
          <nav className="topnav" aria-label={t('shell.mainNav')}>
            {items.map((item) => (
              <NavLink key={item.to} to={item.to} className="topnav-link">
                <Icon name={item.icon} /> {t(item.label)}
              </NavLink>
            ))}
          </nav>
          <div className="topbar-tools">
            <span className={`connection connection--${online ? 'online' : 'offline'}`}>
              <Icon name={online ? 'online' : 'offline'} size={16} />
              <span className="connection-text visually-hidden">{online ? t('shell.online') : t('shell.offlineShort')}</span>
            </span>
            <OutboxBadge />
            <NotificationBell paused={filling} />
            <LanguageSwitch />
            <AccountMenu onLogout={() => setLoggingOut(true)} />
          </div>
        </div>
      </header>
      <StatusBanners filling={filling} />
      <main id="main" ref={main} tabIndex={-1} className="main">
        <ScreenBoundary>
          <Outlet />
        </ScreenBoundary>
      </main>
      {/* Not drawn while filling (the form's own bar takes its place): one less thing to draw as a form opens. */}
      {!filling && (
        <nav className="bottomnav" aria-label={t('shell.mainNav')}>
          {items.map((item) => (
            <NavLink key={item.to} to={item.to} className="bottomnav-link">
              <Icon name={item.icon} size={22} />
              <span>{t(item.label)}</span>
            </NavLink>
          ))}
        </nav>
      )}
      {loggingOut && <LogoutDialog onClose={() => setLoggingOut(false)} />}
    </div>
  );
}
