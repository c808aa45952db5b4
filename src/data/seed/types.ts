// Document shapes of the CRM collections (docs/design.md, "Data model and existing stores"), as the synthetic data set writes them
// and as the gateway's data layer reads them. Field names are the stored names.
import type { ObjectId } from 'mongodb';
import type { Role } from '../../policy/roles';

/** A user's gateway role; the list lives with the policy. */
export type UserRole = Role;

export interface User {
  /** The subject (`sub` claim) of the user's tokens. */
  _id: string;
  name: string;
  email: string;
  role: UserRole;
  /** Team of managers and sales reps; null for roles that work across teams. */
  teamId: string | null;
}

export type Gender = 'M' | 'F';
export type Segment = 'retail' | 'sme' | 'enterprise';
export type Tier = 'bronze' | 'silver' | 'gold' | 'platinum';

export interface Address {
  province: string;
  city: string;
  district: string;
  street: string;
}

export interface Customer {
  _id: ObjectId;
  name: string;
  gender: Gender;
  /** UTC midnight of the birth day. */
  birthDate: Date;
  /** 11-digit mainland mobile, or E.164 (`+44…`) for numbers abroad. */
  phone: string;
  email: string;
  /** 18-digit resident ID number (GB 11643). */
  idNumber: string;
  address: Address;
  /** UnionPay card number, 16–19 digits. */
  bankCard: string;
  segment: Segment;
  tier: Tier;
  tags: string[];
  /** `_id` of the sales rep who owns the account. */
  ownerId: string;
  /** The owner's team. */
  teamId: string;
  lifetimeValue: number;
  createdAt: Date;
  updatedAt: Date;
}

export type DealStage = 'lead' | 'qualified' | 'proposal' | 'won' | 'lost';

export interface Deal {
  _id: ObjectId;
  customerId: ObjectId;
  ownerId: string;
  teamId: string;
  title: string;
  amount: number;
  /** ISO 4217 code. */
  currency: string;
  stage: DealStage;
  createdAt: Date;
  /** Set once the deal is won or lost. */
  closedAt: Date | null;
}

export type Channel = 'phone' | 'email' | 'wechat' | 'visit';

export interface Interaction {
  _id: ObjectId;
  customerId: ObjectId;
  /** `_id` of the user who handled it: the account owner or a support agent. */
  agentId: string;
  channel: Channel;
  /** Free-text notes; may contain phone numbers, ID numbers, e-mail addresses or card numbers. */
  summary: string;
  at: Date;
}
