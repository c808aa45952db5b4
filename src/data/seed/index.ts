// The synthetic CRM data set: document types, the generator, the loader and the demo users.
export type { Address, Channel, Customer, Deal, DealStage, Gender, Interaction, Segment, Tier, User, UserRole } from './types';
export { DATASET_EPOCH, DEFAULT_CUSTOMERS, DEFAULT_SEED, generateCustomerRecords, generateDataset } from './generate';
export type { CustomerRecord, Dataset, GenerateOptions } from './generate';
export { SEED_COLLECTIONS, SEED_INDEXES, SeedTargetNotEmptyError, seedDatabase } from './seed-database';
export type { SeedCollection, SeedCounts, SeedOptions } from './seed-database';
export { DEMO_USERS, SALES_REPS, SUPPORT_AGENTS, TEAMS, USERS } from './users';
export type { DemoUser, TeamId, TeamMember } from './users';
