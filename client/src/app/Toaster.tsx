import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export type ToastTone = 'success' | 'info' | 'warning' | 'danger';

interface Toast {
  id: number;
  tone: ToastTone;
  message: string;
}

type Notify = (message: string, tone?: ToastTone) => void;

const ToastContext = createContext<Notify>(() => undefined);

export const useToast = (): Notify => useContext(ToastContext);

/** Short confirmations ("Terkirim"), read out by screen readers through a polite live region. */
export function Toaster({ children }: { children: ReactNode }): ReactElement {
  const { t } = useTranslation();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((toast) => toast.id !== id)), []);
  const notify = useCallback<Notify>(
    (message, tone = 'info') => {
      const id = next.current++;
      // The same news twice (three forms queued offline) is shown once.
      setToasts((all) => [...all.filter((toast) => toast.message !== message).slice(-2), { id, tone, message }]);
      setTimeout(() => dismiss(id), tone === 'danger' || tone === 'warning' ? 9000 : 5000);
    },
    [dismiss],
  );

  const value = useMemo(() => notify, [notify]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast--${toast.tone}`}>
            <span>{toast.message}</span>
            <button type="button" className="toast-close" onClick={() => dismiss(toast.id)} aria-label={t('common.close')}>
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}
