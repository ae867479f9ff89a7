import type { Role } from '../api/types';
import type { IconName } from './Icon';

export interface NavItem {
  to: string;
  /** i18n key of the label. */
  label: string;
  icon: IconName;
  roles: readonly Role[];
}

/** The main navigation; each area says which roles see it (the server still decides what they may do). */
export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/tugas', label: 'nav.tasks', icon: 'tasks', roles: ['kader', 'admin'] },
  { to: '/kiriman', label: 'nav.submissions', icon: 'inbox', roles: ['kader', 'admin'] },
  { to: '/dasbor', label: 'nav.dashboard', icon: 'home', roles: ['opd', 'admin'] },
  { to: '/desain', label: 'nav.designer', icon: 'tasks', roles: ['admin'] },
  { to: '/admin', label: 'nav.manage', icon: 'user', roles: ['admin'] },
];

export const navItemsFor = (role: Role): NavItem[] => NAV_ITEMS.filter((item) => item.roles.includes(role));

/** Where a person lands after login. */
export const homePathFor = (role: Role): string => navItemsFor(role)[0]?.to ?? '/beranda';
