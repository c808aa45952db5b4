// The policy file's shape (validated with zod; unknown keys are errors, so a typo cannot
// silently leave a right at its default).
import { z } from 'zod';

export const FILTER_RIGHTS = ['none', 'exact', 'full'] as const;
export type FilterRight = (typeof FILTER_RIGHTS)[number];

const viewEntry = z.union([z.string(), z.strictObject({ level: z.string(), withMfa: z.string() })]);

const queryEntry = z.strictObject({
  filter: z.enum(FILTER_RIGHTS),
  sort: z.boolean().default(false),
  group: z.boolean().default(false),
});

export const PolicyFileSchema = z.strictObject({
  $comment: z.string().optional(),
  version: z.string().min(1).max(100),
  roles: z.record(
    z.string(),
    z.strictObject({
      view: z.record(z.string(), viewEntry),
      query: z.record(z.string(), queryEntry),
      reveal: z.array(z.string()).default([]),
    }),
  ),
  reveal: z.strictObject({
    mfaMaxAgeSeconds: z.number().int().min(60).max(3600),
    budgetPerHour: z.number().int().min(0).max(10_000),
  }),
  lookups: z.strictObject({ budgetPerHour: z.number().int().min(0).max(1_000_000) }),
  aggregates: z.strictObject({ minGroupSize: z.number().int().min(2).max(1000) }),
});

export type PolicyFile = z.infer<typeof PolicyFileSchema>;
