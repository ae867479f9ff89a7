import { apiRequest, withQuery } from '../../../api/http';
import type { Page, Role } from '../../../api/types';

/** A user as the admin's list shows it. */
export interface ManagedUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  disabled: boolean;
  createdAt: string;
}

export interface UserWithPassword extends ManagedUser {
  password: string;
}

export type UserChanges = Partial<Pick<ManagedUser, 'displayName' | 'role' | 'regionCode' | 'disabled'>>;

/** One row of a spreadsheet, as the server checks it. */
export interface BulkRow {
  displayName: string;
  username: string;
  role: string;
  regionCode: string;
}

export interface BulkAnswer {
  created: boolean;
  rows: number;
  users: UserWithPassword[];
}

/** A problem of one uploaded row: `row` counts the rows sent from 1. */
export interface BulkRowProblem {
  row: number;
  field: keyof BulkRow;
  message: string;
}

export const ROLES: readonly Role[] = ['kader', 'admin', 'opd'];

export const fetchUsers = (query: { q?: string; cursor?: string }): Promise<Page<ManagedUser>> =>
  apiRequest<Page<ManagedUser>>(withQuery('/api/users', { q: query.q, cursor: query.cursor, limit: 50 }));


export const changeUser = (id: string, changes: UserChanges): Promise<ManagedUser> =>
  apiRequest<ManagedUser>(`/api/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: changes });

export const resetPassword = (id: string): Promise<UserWithPassword> =>
  apiRequest<UserWithPassword>(`/api/users/${encodeURIComponent(id)}/reset-password`, { method: 'POST' });

export const createUsersInBulk = (rows: BulkRow[], dryRun: boolean): Promise<BulkAnswer> =>
  apiRequest<BulkAnswer>('/api/users/bulk', { method: 'POST', body: { rows, dryRun } });
