// The policy file's shape (validated with zod; unknown keys are errors, so a typo cannot
// silently leave a right at its default).
import { z } from 'zod';

export const FILTER_RIGHTS = ['none', 'exact', 'full'] as const;
export type FilterRight = (typeof FILTER_RIGHTS)[number];

export const DATE_GRANULARITIES = ['month', 'quarter', 'year'] as const;
export type DateGranularity = (typeof DATE_GRANULARITIES)[number];

const viewEntry = z.union([z.string(), z.strictObject({ level: z.string(), withMfa: z.string() })]);

const queryEntry = z.strictObject({
  filter: z.enum(FILTER_RIGHTS),
  sort: z.boolean().default(false),
  group: z.boolean().default(false),
});

const count = (max: number) => z.number().int().min(1).max(max);
/** One limit profile; every key optional: what a profile leaves out comes from the one above it. */
export const LimitProfileSchema = z.strictObject({
  maxDepth: count(100).optional(),
  maxFields: count(100_000).optional(),
  maxAliases: z.number().int().min(0).max(10_000).optional(),
  maxDirectives: z.number().int().min(0).max(10_000).optional(),
  maxTokens: count(100_000).optional(),
  maxCost: count(100_000_000).optional(),
  requestsPerMinute: count(1_000_000).optional(),
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
  aggregates: z.strictObject({
    minGroupSize: z.number().int().min(2).max(1000),
    // Differencing defence (docs/inference.md). Noise cannot be switched off: a standard
    // deviation under 0.5 of one person lets a pair of answers single that person out.
    noise: z
      .strictObject({
        /** Standard deviation added to each group's count, in people. */
        countSd: z.number().min(0.5).max(100),
        /** Standard deviation added to each group's sum, in units of the group's largest contribution. */
        sumSd: z.number().min(0.5).max(10),
        /** Standard deviation of the suppression threshold above minGroupSize, in people. */
        thresholdSd: z.number().min(0).max(100),
      })
      .default({ countSd: 3, sumSd: 1, thresholdSd: 1 }),
    /** Date filters of aggregate queries: half-open ranges (gte / lt) on boundaries of this unit. */
    dateGranularity: z.enum(DATE_GRANULARITIES).default('month'),
    /** Aggregate queries per principal per window, counted across gateway instances. */
    budget: z
      .strictObject({
        queries: z.number().int().min(1).max(1_000_000),
        windowHours: z
          .number()
          .int()
          .min(1)
          .max(24 * 31),
      })
      .default({ queries: 200, windowHours: 24 }),
  }),
  limits: z
    .strictObject({
      $comment: z.string().optional(),
      /** Every role's profile starts from this one (and from the built-in defaults below it). */
      default: LimitProfileSchema.default({}),
      roles: z.record(z.string(), LimitProfileSchema).default({}),
      /** BI tokens, whatever their role. */
      bi: LimitProfileSchema.default({}),
      authFailuresPerMinute: count(1_000_000).optional(),
    })
    .default({ default: {}, roles: {}, bi: {} }),
  bulkAccess: z
    .strictObject({
      $comment: z.string().optional(),
      windowMinutes: z.number().int().min(1).max(1440),
      /** Distinct customers a role may be served identifying values of per window; absent role: not watched. */
      roles: z.record(z.string(), z.number().int().min(1).max(10_000_000)),
      /** The level each class is capped at for a principal over its threshold, until the window ends. */
      degradeTo: z.record(z.string(), z.string()),
    })
    .optional(),
  /**
   * Classes stored encrypted (MongoDB client-side field level encryption, explicit), each with the
   * data key that encrypts it: by id (UUID) or alt name in the key vault.
   */
  encryption: z
    .strictObject({
      classes: z.record(
        z.string(),
        z.strictObject({
          keyAltName: z.string().min(1).max(255).optional(),
          keyId: z
            .string()
            .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a UUID')
            .optional(),
        }),
      ),
    })
    .optional(),
});

export type PolicyFile = z.infer<typeof PolicyFileSchema>;
