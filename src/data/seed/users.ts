// The fixed staff of the demo CRM: four sales teams (a manager and three reps each), two support
// agents, an admin, an analyst and an auditor. Their `_id`s are the `sub` claims of the demo
// tokens, so they are the same for every seed.
import type { User, UserRole } from './types';

export const TEAMS = ['east', 'west', 'north', 'south'] as const;
export type TeamId = (typeof TEAMS)[number];

const MAIL_DOMAIN = 'crm.example.com';

/** A manager or sales rep: always on a team. */
export type TeamMember = User & { teamId: TeamId };

function user<T extends TeamId | null>(_id: string, name: string, role: UserRole, teamId: T): User & { teamId: T } {
  return Object.freeze({ _id, name, email: `${_id}@${MAIL_DOMAIN}`, role, teamId });
}

// [manager, rep 1, rep 2, rep 3] names per team.
const TEAM_NAMES: Record<TeamId, readonly [string, string, string, string]> = {
  east: ['陈志强', '刘洋', '张敏', '黄俊'],
  west: ['杨雪', '吴鹏', '赵丽', '徐浩'],
  north: ['马国华', '朱燕', '胡斌', '郭琳'],
  south: ['林海', '何欣', '高宇', '罗婷'],
};

export const SALES_REPS: readonly TeamMember[] = TEAMS.flatMap((team) => [1, 2, 3].map((n) => user(`sales-${team}-${n}`, TEAM_NAMES[team][n], 'sales', team)));

export const SUPPORT_AGENTS: readonly User[] = [user('support-1', '李婷', 'support', null), user('support-2', '王磊', 'support', null)];

export const USERS: readonly User[] = [
  user('admin-1', '周建国', 'admin', null),
  user('auditor-1', '孙静', 'auditor', null),
  user('analyst-1', '钱晓明', 'analyst', null),
  ...SUPPORT_AGENTS,
  ...TEAMS.flatMap((team) => [user(`manager-${team}`, TEAM_NAMES[team][0], 'manager', team), ...SALES_REPS.filter((u) => u.teamId === team)]),
];

export interface DemoUser {
  readonly sub: string;
  readonly role: UserRole;
  readonly teamId: TeamId | null;
}

/** One seeded user per role, for the demo tokens the gateway prints at start-up. */
export const DEMO_USERS = {
  admin: { sub: 'admin-1', role: 'admin', teamId: null },
  manager: { sub: 'manager-east', role: 'manager', teamId: 'east' },
  sales: { sub: 'sales-east-1', role: 'sales', teamId: 'east' },
  support: { sub: 'support-1', role: 'support', teamId: null },
  analyst: { sub: 'analyst-1', role: 'analyst', teamId: null },
  auditor: { sub: 'auditor-1', role: 'auditor', teamId: null },
} as const satisfies Record<UserRole, DemoUser>;
