import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { registerSW } from 'virtual:pwa-register';
import { App } from './app/App';
import { reportUpdate } from './app/app-update';
import { initI18n } from './app/i18n';
import './app/styles/base.css';
import './app/styles/shell.css';
import './app/styles/pages.css';
import './forms/forms.css';

initI18n();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

if ('serviceWorker' in navigator) {
  const updateServiceWorker = registerSW({
    onNeedRefresh: () => reportUpdate(() => updateServiceWorker(true)),
  });
}
