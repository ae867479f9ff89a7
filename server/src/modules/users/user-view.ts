import type { User } from './user.entity';

/** What the API shows of a user: never the password hash. */
export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: User['role'];
  regionCode: string;
  disabled: boolean;
  language: User['language'];
  createdAt: Date;
}

export function toUserView(user: User): UserView {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    regionCode: user.regionCode,
    disabled: user.disabled,
    language: user.language,
    createdAt: user.createdAt,
  };
}
