// The variants the report compares, and the processes that serve them. The two gateway roles
// share one gateway process (the token decides clear or masked); audit off is a process of its own.
import type { BenchCaller } from './tokens';
import type { WorkloadName } from './workloads';

export type ProcessName = 'plain' | 'mercurius' | 'yoga' | 'naive' | 'floor' | 'gateway' | 'gatewayOff' | 'gatewayNoLimits';

export const PROCESSES: Record<ProcessName, { readonly file: string; readonly env: Record<string, string> }> = {
  plain: { file: 'bench/variants/plain.ts', env: {} },
  mercurius: { file: 'bench/variants/mercurius.ts', env: {} },
  yoga: { file: 'bench/variants/yoga.ts', env: {} },
  naive: { file: 'bench/variants/naive-secure.ts', env: {} },
  floor: { file: 'bench/variants/floor.ts', env: {} },
  gateway: { file: 'bench/variants/gateway.ts', env: { BENCH_AUDIT_MODE: 'sync' } },
  gatewayOff: { file: 'bench/variants/gateway.ts', env: { BENCH_AUDIT_MODE: 'off' } },
  gatewayNoLimits: { file: 'bench/variants/gateway.ts', env: { BENCH_AUDIT_MODE: 'sync', BENCH_LIMITS: 'off' } },
};

export type VariantId = 'plain' | 'mercurius' | 'yoga' | 'naive' | 'floor' | 'gw-admin' | 'gw-support' | 'gw-admin-off' | 'gw-admin-nolimits';

export interface VariantSpec {
  readonly id: VariantId;
  readonly title: string;
  readonly process: ProcessName;
  readonly protocol: 'graphql' | 'rest';
  /** The token sent, or null for the variants without authentication. */
  readonly caller: BenchCaller | null;
  /** How values must arrive: as stored ('raw'), or as the policy shows them to a caller. */
  readonly view: 'raw' | BenchCaller;
  readonly workloads: readonly WorkloadName[];
}

const CUSTOMER_WORKLOADS: readonly WorkloadName[] = ['page100', 'page1000', 'byId'];

export const VARIANTS: readonly VariantSpec[] = [
  { id: 'plain', title: 'plain Apollo', process: 'plain', protocol: 'graphql', caller: null, view: 'raw', workloads: CUSTOMER_WORKLOADS },
  { id: 'mercurius', title: 'plain Mercurius (Fastify, graphql-jit)', process: 'mercurius', protocol: 'graphql', caller: null, view: 'raw', workloads: CUSTOMER_WORKLOADS },
  { id: 'yoga', title: 'plain GraphQL Yoga', process: 'yoga', protocol: 'graphql', caller: null, view: 'raw', workloads: CUSTOMER_WORKLOADS },
  { id: 'naive', title: 'naive secure (admin)', process: 'naive', protocol: 'graphql', caller: 'admin', view: 'admin', workloads: CUSTOMER_WORKLOADS },
  { id: 'floor', title: 'floor (driver + JSON)', process: 'floor', protocol: 'rest', caller: null, view: 'raw', workloads: CUSTOMER_WORKLOADS },
  {
    id: 'gw-admin',
    title: 'crm-gateway admin (clear)',
    process: 'gateway',
    protocol: 'graphql',
    caller: 'admin',
    view: 'admin',
    workloads: [...CUSTOMER_WORKLOADS, 'accessReport'],
  },
  { id: 'gw-support', title: 'crm-gateway support (masked)', process: 'gateway', protocol: 'graphql', caller: 'support', view: 'support', workloads: CUSTOMER_WORKLOADS },
  {
    id: 'gw-admin-off',
    title: 'crm-gateway admin, AUDIT_MODE=off',
    process: 'gatewayOff',
    protocol: 'graphql',
    caller: 'admin',
    view: 'admin',
    workloads: [...CUSTOMER_WORKLOADS, 'accessReport'],
  },
  {
    id: 'gw-admin-nolimits',
    title: 'crm-gateway admin, rate limits and bulk-access watch off',
    process: 'gatewayNoLimits',
    protocol: 'graphql',
    caller: 'admin',
    view: 'admin',
    workloads: ['page100'],
  },
];

export const GATEWAY_VARIANTS: readonly VariantId[] = ['gw-admin', 'gw-support'];
