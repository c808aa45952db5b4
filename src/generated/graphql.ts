import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { CustomerDoc, DealDoc, InteractionDoc, UserDoc } from '../data/documents';
import type { Principal } from '../auth/principal';
import type { CustomerPage, DealPage, InteractionPage } from '../data/page';
import type { GatewayContext } from '../context';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  DateTime: { input: Date; output: Date; }
};

export type AccessReport = {
  __typename?: 'AccessReport';
  customerId: Scalars['ID']['output'];
  entries: Array<AccessReportEntry>;
  /** Sum of the entries' counts. */
  totalEvents: Scalars['Int']['output'];
};

/** How often one subject was served one field of the customer at one level. */
export type AccessReportEntry = {
  __typename?: 'AccessReportEntry';
  count: Scalars['Int']['output'];
  dataClass: Scalars['String']['output'];
  decision: AuditDecision;
  field: Scalars['String']['output'];
  firstSeen: Scalars['DateTime']['output'];
  lastSeen: Scalars['DateTime']['output'];
  level: Scalars['String']['output'];
  role?: Maybe<Scalars['String']['output']>;
  subject: Scalars['String']['output'];
};

export type AuditDecision =
  | 'deny'
  | 'lookup'
  | 'reveal'
  | 'update'
  | 'view';

/** One classified value served, withheld, looked up, revealed or changed. Never the value itself. */
export type AuditEvent = {
  __typename?: 'AuditEvent';
  clientAddress?: Maybe<Scalars['String']['output']>;
  collection: Scalars['String']['output'];
  customerId?: Maybe<Scalars['ID']['output']>;
  /** A DataClass name, or AUDIT_LEDGER for reads of the ledger. */
  dataClass: Scalars['String']['output'];
  decision: AuditDecision;
  documentId?: Maybe<Scalars['ID']['output']>;
  /** GraphQL coordinate, e.g. Customer.phone (Query.auditEvents for reads of the ledger). */
  field: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** The gateway instance whose hash chain holds the record, and the position in that chain of the record's batch (one per request). */
  instanceId: Scalars['String']['output'];
  jti?: Maybe<Scalars['String']['output']>;
  /** The level served: clear, partial, token, hidden, … */
  level: Scalars['String']['output'];
  levelAfter?: Maybe<Scalars['String']['output']>;
  /** For decision update: the level the caller was served before and after the change. */
  levelBefore?: Maybe<Scalars['String']['output']>;
  operationName?: Maybe<Scalars['String']['output']>;
  /** Document path, e.g. phone or contact.mobile. */
  path: Scalars['String']['output'];
  policyVersion: Scalars['String']['output'];
  reason?: Maybe<Scalars['String']['output']>;
  requestId: Scalars['String']['output'];
  /**
   * Not stored since ledger format 2 (aliased selections are still separate records); always null.
   * @deprecated not stored; always null
   */
  responsePath?: Maybe<Scalars['String']['output']>;
  role?: Maybe<Scalars['String']['output']>;
  seq: Scalars['Int']['output'];
  subject: Scalars['String']['output'];
  time: Scalars['DateTime']['output'];
  tokenKind: Scalars['String']['output'];
};

export type AuditEventConnection = {
  __typename?: 'AuditEventConnection';
  edges: Array<AuditEventEdge>;
  nodes: Array<AuditEvent>;
  pageInfo: PageInfo;
};

export type AuditEventEdge = {
  __typename?: 'AuditEventEdge';
  cursor: Scalars['String']['output'];
  node: AuditEvent;
};

export type AuditEventFilter = {
  /** The customer the value was about (the customer itself, or its deals' and interactions' values). */
  customerId?: InputMaybe<Scalars['ID']['input']>;
  dataClass?: InputMaybe<DataClass>;
  decision?: InputMaybe<AuditDecision>;
  /** A GraphQL coordinate such as Customer.phone. */
  field?: InputMaybe<Scalars['String']['input']>;
  /** Inclusive lower bound. */
  since?: InputMaybe<Scalars['DateTime']['input']>;
  /** Who was served the value (the token's sub). */
  subject?: InputMaybe<Scalars['String']['input']>;
  /** Exclusive upper bound. */
  until?: InputMaybe<Scalars['DateTime']['input']>;
};

export type Channel =
  | 'email'
  | 'phone'
  | 'visit'
  | 'wechat';

export type Customer = {
  __typename?: 'Customer';
  address?: Maybe<Scalars['String']['output']>;
  bankCard?: Maybe<Scalars['String']['output']>;
  birthDate?: Maybe<Scalars['String']['output']>;
  createdAt?: Maybe<Scalars['DateTime']['output']>;
  /** The customer's deals, newest first. */
  deals: Array<Deal>;
  email?: Maybe<Scalars['String']['output']>;
  gender?: Maybe<Gender>;
  id: Scalars['ID']['output'];
  idNumber?: Maybe<Scalars['String']['output']>;
  /** The customer's interactions, newest first. */
  interactions: Array<Interaction>;
  lifetimeValue?: Maybe<Scalars['Float']['output']>;
  name?: Maybe<Scalars['String']['output']>;
  /** The sales rep who owns the account. */
  owner?: Maybe<User>;
  ownerId?: Maybe<Scalars['String']['output']>;
  phone?: Maybe<Scalars['String']['output']>;
  segment?: Maybe<Scalars['String']['output']>;
  tags: Array<Scalars['String']['output']>;
  teamId?: Maybe<Scalars['String']['output']>;
  tier?: Maybe<Scalars['String']['output']>;
  updatedAt?: Maybe<Scalars['DateTime']['output']>;
};


export type CustomerDealsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type CustomerInteractionsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type CustomerConnection = {
  __typename?: 'CustomerConnection';
  edges: Array<CustomerEdge>;
  nodes: Array<Customer>;
  pageInfo: PageInfo;
};

export type CustomerContactInput = {
  email?: InputMaybe<Scalars['String']['input']>;
  /** An 18-digit resident ID number with a valid GB 11643 check digit. */
  idNumber?: InputMaybe<Scalars['String']['input']>;
  /** A mainland mobile number (11 digits, +86 and separators allowed) or an international E.164 number. */
  phone?: InputMaybe<Scalars['String']['input']>;
};

export type CustomerEdge = {
  __typename?: 'CustomerEdge';
  cursor: Scalars['String']['output'];
  node: Customer;
};

/**
 * Filters on customers. A field's operators are accepted only when the caller's query rights on
 * that field allow them (classified fields: see the policy).
 */
export type CustomerFilter = {
  createdAt?: InputMaybe<DateFilter>;
  email?: InputMaybe<StringFilter>;
  idNumber?: InputMaybe<StringFilter>;
  name?: InputMaybe<StringFilter>;
  ownerId?: InputMaybe<StringFilter>;
  phone?: InputMaybe<StringFilter>;
  segment?: InputMaybe<StringFilter>;
  tags?: InputMaybe<StringFilter>;
  teamId?: InputMaybe<StringFilter>;
  tier?: InputMaybe<StringFilter>;
  updatedAt?: InputMaybe<DateFilter>;
};

export type CustomerGroup = {
  __typename?: 'CustomerGroup';
  /** Number of customers, with noise (never below minGroupSize). */
  count: Scalars['Int']['output'];
  key: CustomerGroupKey;
  /** Sum of lifetime values, with noise scaled to the group's largest single value; whole units. */
  lifetimeValueSum: Scalars['Float']['output'];
};

export type CustomerGroupKey = {
  __typename?: 'CustomerGroupKey';
  /** Decade band such as 30–39. */
  ageBand?: Maybe<Scalars['String']['output']>;
  city?: Maybe<Scalars['String']['output']>;
  gender?: Maybe<Scalars['String']['output']>;
  province?: Maybe<Scalars['String']['output']>;
  segment?: Maybe<Scalars['String']['output']>;
  teamId?: Maybe<Scalars['String']['output']>;
  tier?: Maybe<Scalars['String']['output']>;
};

export type CustomerOrder = {
  direction?: InputMaybe<SortDirection>;
  field: CustomerOrderField;
};

export type CustomerOrderField =
  | 'birthDate'
  | 'createdAt'
  | 'idNumber'
  | 'lifetimeValue'
  | 'name'
  | 'phone'
  | 'tier'
  | 'updatedAt';

export type CustomerStats = {
  __typename?: 'CustomerStats';
  groups: Array<CustomerGroup>;
  minGroupSize: Scalars['Int']['output'];
  /** How many groups were left out for being smaller than minGroupSize. */
  suppressedGroups: Scalars['Int']['output'];
};

export type DataClass =
  | 'ADDRESS'
  | 'BANK_CARD'
  | 'BIRTH_DATE'
  | 'EMAIL'
  | 'FREE_TEXT'
  | 'NAME'
  | 'NATIONAL_ID'
  | 'PHONE';

export type DateFilter = {
  gt?: InputMaybe<Scalars['DateTime']['input']>;
  gte?: InputMaybe<Scalars['DateTime']['input']>;
  lt?: InputMaybe<Scalars['DateTime']['input']>;
  lte?: InputMaybe<Scalars['DateTime']['input']>;
};

export type Deal = {
  __typename?: 'Deal';
  amount?: Maybe<Scalars['Float']['output']>;
  closedAt?: Maybe<Scalars['DateTime']['output']>;
  createdAt?: Maybe<Scalars['DateTime']['output']>;
  currency?: Maybe<Scalars['String']['output']>;
  /** Null when the customer is outside the caller's scope. */
  customer?: Maybe<Customer>;
  customerId: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  ownerId?: Maybe<Scalars['String']['output']>;
  stage?: Maybe<Scalars['String']['output']>;
  teamId?: Maybe<Scalars['String']['output']>;
  title?: Maybe<Scalars['String']['output']>;
};

export type DealConnection = {
  __typename?: 'DealConnection';
  edges: Array<DealEdge>;
  nodes: Array<Deal>;
  pageInfo: PageInfo;
};

export type DealEdge = {
  __typename?: 'DealEdge';
  cursor: Scalars['String']['output'];
  node: Deal;
};

export type DealFilter = {
  customerId?: InputMaybe<Scalars['ID']['input']>;
  ownerId?: InputMaybe<StringFilter>;
  stage?: InputMaybe<StringFilter>;
  teamId?: InputMaybe<StringFilter>;
};

export type DealGroup = {
  __typename?: 'DealGroup';
  amountSum: Scalars['Float']['output'];
  count: Scalars['Int']['output'];
  key: DealGroupKey;
};

export type DealGroupKey = {
  __typename?: 'DealGroupKey';
  currency?: Maybe<Scalars['String']['output']>;
  month?: Maybe<Scalars['String']['output']>;
  stage?: Maybe<Scalars['String']['output']>;
  teamId?: Maybe<Scalars['String']['output']>;
};

export type DealStats = {
  __typename?: 'DealStats';
  groups: Array<DealGroup>;
  minGroupSize: Scalars['Int']['output'];
  /** How many groups were left out for being smaller than minGroupSize. */
  suppressedGroups: Scalars['Int']['output'];
};

export type DealStatsDimension =
  | 'currency'
  /** Calendar month (UTC) the deal was created, e.g. 2026-03. */
  | 'month'
  | 'stage'
  | 'teamId';

export type DealStatsFilter = {
  createdAt?: InputMaybe<DateFilter>;
  stage?: InputMaybe<StringFilter>;
  teamId?: InputMaybe<StringFilter>;
};

export type Gender =
  | 'F'
  | 'M';

export type Interaction = {
  __typename?: 'Interaction';
  agentId?: Maybe<Scalars['String']['output']>;
  at?: Maybe<Scalars['DateTime']['output']>;
  channel?: Maybe<Scalars['String']['output']>;
  customerId: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  /** Free-text notes: may contain phone or ID numbers, masked in place per policy. */
  summary?: Maybe<Scalars['String']['output']>;
};

export type InteractionConnection = {
  __typename?: 'InteractionConnection';
  edges: Array<InteractionEdge>;
  nodes: Array<Interaction>;
  pageInfo: PageInfo;
};

export type InteractionEdge = {
  __typename?: 'InteractionEdge';
  cursor: Scalars['String']['output'];
  node: Interaction;
};

export type InteractionGroup = {
  __typename?: 'InteractionGroup';
  count: Scalars['Int']['output'];
  key: InteractionGroupKey;
};

export type InteractionGroupKey = {
  __typename?: 'InteractionGroupKey';
  channel?: Maybe<Scalars['String']['output']>;
  week?: Maybe<Scalars['String']['output']>;
};

export type InteractionInput = {
  at?: InputMaybe<Scalars['DateTime']['input']>;
  channel: Channel;
  summary: Scalars['String']['input'];
};

export type InteractionStats = {
  __typename?: 'InteractionStats';
  groups: Array<InteractionGroup>;
  minGroupSize: Scalars['Int']['output'];
  /** How many groups were left out for being smaller than minGroupSize. */
  suppressedGroups: Scalars['Int']['output'];
};

export type InteractionStatsDimension =
  | 'channel'
  /** The Monday (UTC) starting the ISO week of the interaction, e.g. 2026-03-02. */
  | 'week';

export type InteractionStatsFilter = {
  at?: InputMaybe<DateFilter>;
  channel?: InputMaybe<StringFilter>;
};

export type Me = {
  __typename?: 'Me';
  kind: TokenKind;
  mfa: Scalars['Boolean']['output'];
  /** The effective role; null when the token carries no role the gateway knows (no access). */
  role?: Maybe<Role>;
  roles: Array<Role>;
  scopes: Array<Scalars['String']['output']>;
  subject: Scalars['String']['output'];
  team?: Maybe<Scalars['String']['output']>;
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Records an interaction with a customer in the caller's scope. */
  addInteraction?: Maybe<Interaction>;
  /**
   * Returns one value in clear when the policy lets the caller's role reveal its class, the token
   * shows a recent MFA (amr contains mfa, auth_time within the policy's window), a reason is given,
   * and the caller's hourly reveal budget is not spent. Every reveal is audited with its reason;
   * the ledger stores the reason with any phone, ID or card number or email in it starred.
   */
  revealSensitive?: Maybe<RevealedValue>;
  /** Changes a customer's contact details; null-valued input fields are left unchanged. */
  updateCustomerContact?: Maybe<Customer>;
};


export type MutationAddInteractionArgs = {
  customerId: Scalars['ID']['input'];
  input: InteractionInput;
};


export type MutationRevealSensitiveArgs = {
  customerId: Scalars['ID']['input'];
  field: RevealableField;
  reason: Scalars['String']['input'];
};


export type MutationUpdateCustomerContactArgs = {
  id: Scalars['ID']['input'];
  input: CustomerContactInput;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Query = {
  __typename?: 'Query';
  /**
   * Who saw which fields of one customer, in which form (level) and how often, with the first and
   * last time (roles auditor and admin). Audited like auditEvents.
   */
  accessReport?: Maybe<AccessReport>;
  /**
   * Audit ledger records, newest first (roles auditor and admin). Filters combine; cursors are
   * opaque and bound to the filter they were made for. Reading the ledger is itself audited.
   * Records are stored grouped per request (one ledger batch each) and returned one by one.
   */
  auditEvents?: Maybe<AuditEventConnection>;
  /** One customer; null when it does not exist or is outside the caller's scope. */
  customer?: Maybe<Customer>;
  /**
   * Customer counts and lifetime-value sums grouped by the given dimensions, over the caller's row
   * scope. Groups smaller than the policy's minimum size are suppressed (only their number is
   * reported); counts and sums carry sticky noise (the same question always gets the same answer),
   * so two answers that differ by one person cannot single that person out. Filters must be coarse
   * (dates: gte/lt on month boundaries; other fields: eq/in), and each answer spends one from the
   * caller's aggregate budget. Dimensions derived from classified fields need the group right and a
   * view level at least as coarse as the dimension. See docs/inference.md.
   */
  customerStats?: Maybe<CustomerStats>;
  /** Customers in the caller's scope, newest first unless ordered otherwise. */
  customers?: Maybe<CustomerConnection>;
  /** One deal; null when it does not exist or is outside the caller's scope. */
  deal?: Maybe<Deal>;
  /**
   * Deal counts and amount sums grouped by the given dimensions, over the caller's row scope (the
   * same scope as deals). Groups smaller than the policy's minimum size are suppressed, like
   * customerStats. Amounts are summed per currency only when currency is a dimension.
   */
  dealStats: DealStats;
  deals?: Maybe<DealConnection>;
  /**
   * Interaction counts grouped by channel and week, over the caller's row scope. Interactions carry
   * no owner or team, so only callers whose customer scope is everything get groups; anyone else
   * gets none. Groups smaller than the policy's minimum size are suppressed.
   */
  interactionStats: InteractionStats;
  /** A customer's interactions, newest first; empty when the customer is outside the caller's scope. */
  interactions?: Maybe<InteractionConnection>;
  /** Who the gateway thinks the caller is. */
  me: Me;
};


export type QueryAccessReportArgs = {
  customerId: Scalars['ID']['input'];
};


export type QueryAuditEventsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AuditEventFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryCustomerArgs = {
  id: Scalars['ID']['input'];
};


export type QueryCustomerStatsArgs = {
  filter?: InputMaybe<CustomerFilter>;
  groupBy: Array<StatsDimension>;
};


export type QueryCustomersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<CustomerFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<Array<CustomerOrder>>;
};


export type QueryDealArgs = {
  id: Scalars['ID']['input'];
};


export type QueryDealStatsArgs = {
  filter?: InputMaybe<DealStatsFilter>;
  groupBy: Array<DealStatsDimension>;
};


export type QueryDealsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<DealFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryInteractionStatsArgs = {
  filter?: InputMaybe<InteractionStatsFilter>;
  groupBy: Array<InteractionStatsDimension>;
};


export type QueryInteractionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  customerId: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type RevealableField =
  | 'address'
  | 'bankCard'
  | 'birthDate'
  | 'email'
  | 'idNumber'
  | 'name'
  | 'phone';

export type RevealedValue = {
  __typename?: 'RevealedValue';
  customerId: Scalars['ID']['output'];
  dataClass: DataClass;
  field: RevealableField;
  /** Null when the customer has no value for the field. */
  value?: Maybe<Scalars['String']['output']>;
};

export type Role =
  | 'admin'
  | 'analyst'
  | 'auditor'
  | 'manager'
  | 'sales'
  | 'support';

export type SortDirection =
  | 'ASC'
  | 'DESC';

export type StatsDimension =
  | 'ageBand'
  | 'city'
  | 'gender'
  | 'province'
  | 'segment'
  | 'teamId'
  | 'tier';

export type StringFilter = {
  eq?: InputMaybe<Scalars['String']['input']>;
  gt?: InputMaybe<Scalars['String']['input']>;
  gte?: InputMaybe<Scalars['String']['input']>;
  in?: InputMaybe<Array<Scalars['String']['input']>>;
  lt?: InputMaybe<Scalars['String']['input']>;
  lte?: InputMaybe<Scalars['String']['input']>;
  startsWith?: InputMaybe<Scalars['String']['input']>;
};

export type TokenKind =
  | 'bi'
  | 'service'
  | 'user';

/** A gateway user (employee), e.g. a customer's owning sales rep. */
export type User = {
  __typename?: 'User';
  id: Scalars['ID']['output'];
  name?: Maybe<Scalars['String']['output']>;
  role?: Maybe<Scalars['String']['output']>;
  teamId?: Maybe<Scalars['String']['output']>;
};



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  AccessReport: ResolverTypeWrapper<AccessReport>;
  AccessReportEntry: ResolverTypeWrapper<AccessReportEntry>;
  AuditDecision: AuditDecision;
  AuditEvent: ResolverTypeWrapper<AuditEvent>;
  AuditEventConnection: ResolverTypeWrapper<AuditEventConnection>;
  AuditEventEdge: ResolverTypeWrapper<AuditEventEdge>;
  AuditEventFilter: AuditEventFilter;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Channel: Channel;
  Customer: ResolverTypeWrapper<CustomerDoc>;
  CustomerConnection: ResolverTypeWrapper<CustomerPage>;
  CustomerContactInput: CustomerContactInput;
  CustomerEdge: ResolverTypeWrapper<Omit<CustomerEdge, 'node'> & { node: ResolversTypes['Customer'] }>;
  CustomerFilter: CustomerFilter;
  CustomerGroup: ResolverTypeWrapper<CustomerGroup>;
  CustomerGroupKey: ResolverTypeWrapper<CustomerGroupKey>;
  CustomerOrder: CustomerOrder;
  CustomerOrderField: CustomerOrderField;
  CustomerStats: ResolverTypeWrapper<CustomerStats>;
  DataClass: DataClass;
  DateFilter: DateFilter;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Deal: ResolverTypeWrapper<DealDoc>;
  DealConnection: ResolverTypeWrapper<DealPage>;
  DealEdge: ResolverTypeWrapper<Omit<DealEdge, 'node'> & { node: ResolversTypes['Deal'] }>;
  DealFilter: DealFilter;
  DealGroup: ResolverTypeWrapper<DealGroup>;
  DealGroupKey: ResolverTypeWrapper<DealGroupKey>;
  DealStats: ResolverTypeWrapper<DealStats>;
  DealStatsDimension: DealStatsDimension;
  DealStatsFilter: DealStatsFilter;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  Gender: Gender;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Interaction: ResolverTypeWrapper<InteractionDoc>;
  InteractionConnection: ResolverTypeWrapper<InteractionPage>;
  InteractionEdge: ResolverTypeWrapper<Omit<InteractionEdge, 'node'> & { node: ResolversTypes['Interaction'] }>;
  InteractionGroup: ResolverTypeWrapper<InteractionGroup>;
  InteractionGroupKey: ResolverTypeWrapper<InteractionGroupKey>;
  InteractionInput: InteractionInput;
  InteractionStats: ResolverTypeWrapper<InteractionStats>;
  InteractionStatsDimension: InteractionStatsDimension;
  InteractionStatsFilter: InteractionStatsFilter;
  Me: ResolverTypeWrapper<Principal>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RevealableField: RevealableField;
  RevealedValue: ResolverTypeWrapper<RevealedValue>;
  Role: Role;
  SortDirection: SortDirection;
  StatsDimension: StatsDimension;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  StringFilter: StringFilter;
  TokenKind: TokenKind;
  User: ResolverTypeWrapper<UserDoc>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AccessReport: AccessReport;
  AccessReportEntry: AccessReportEntry;
  AuditEvent: AuditEvent;
  AuditEventConnection: AuditEventConnection;
  AuditEventEdge: AuditEventEdge;
  AuditEventFilter: AuditEventFilter;
  Boolean: Scalars['Boolean']['output'];
  Customer: CustomerDoc;
  CustomerConnection: CustomerPage;
  CustomerContactInput: CustomerContactInput;
  CustomerEdge: Omit<CustomerEdge, 'node'> & { node: ResolversParentTypes['Customer'] };
  CustomerFilter: CustomerFilter;
  CustomerGroup: CustomerGroup;
  CustomerGroupKey: CustomerGroupKey;
  CustomerOrder: CustomerOrder;
  CustomerStats: CustomerStats;
  DateFilter: DateFilter;
  DateTime: Scalars['DateTime']['output'];
  Deal: DealDoc;
  DealConnection: DealPage;
  DealEdge: Omit<DealEdge, 'node'> & { node: ResolversParentTypes['Deal'] };
  DealFilter: DealFilter;
  DealGroup: DealGroup;
  DealGroupKey: DealGroupKey;
  DealStats: DealStats;
  DealStatsFilter: DealStatsFilter;
  Float: Scalars['Float']['output'];
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  Interaction: InteractionDoc;
  InteractionConnection: InteractionPage;
  InteractionEdge: Omit<InteractionEdge, 'node'> & { node: ResolversParentTypes['Interaction'] };
  InteractionGroup: InteractionGroup;
  InteractionGroupKey: InteractionGroupKey;
  InteractionInput: InteractionInput;
  InteractionStats: InteractionStats;
  InteractionStatsFilter: InteractionStatsFilter;
  Me: Principal;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Query: Record<PropertyKey, never>;
  RevealedValue: RevealedValue;
  String: Scalars['String']['output'];
  StringFilter: StringFilter;
  User: UserDoc;
};

export type CollectionDirectiveArgs = {
  name: Scalars['String']['input'];
};

export type CollectionDirectiveResolver<Result, Parent, ContextType = GatewayContext, Args = CollectionDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type SensitiveDirectiveArgs = {
  class: DataClass;
};

export type SensitiveDirectiveResolver<Result, Parent, ContextType = GatewayContext, Args = SensitiveDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type SourceDirectiveArgs = {
  path: Scalars['String']['input'];
};

export type SourceDirectiveResolver<Result, Parent, ContextType = GatewayContext, Args = SourceDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type AccessReportResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['AccessReport'] = ResolversParentTypes['AccessReport']> = {
  customerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  entries?: Resolver<Array<ResolversTypes['AccessReportEntry']>, ParentType, ContextType>;
  totalEvents?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type AccessReportEntryResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['AccessReportEntry'] = ResolversParentTypes['AccessReportEntry']> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  dataClass?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  decision?: Resolver<ResolversTypes['AuditDecision'], ParentType, ContextType>;
  field?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  firstSeen?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  lastSeen?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  level?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  role?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  subject?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type AuditEventResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['AuditEvent'] = ResolversParentTypes['AuditEvent']> = {
  clientAddress?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  collection?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  customerId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  dataClass?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  decision?: Resolver<ResolversTypes['AuditDecision'], ParentType, ContextType>;
  documentId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  field?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  instanceId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  jti?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  level?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  levelAfter?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  levelBefore?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  operationName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  path?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  policyVersion?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  requestId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  responsePath?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  role?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  seq?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  subject?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  time?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  tokenKind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type AuditEventConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['AuditEventConnection'] = ResolversParentTypes['AuditEventConnection']> = {
  edges?: Resolver<Array<ResolversTypes['AuditEventEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['AuditEvent']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type AuditEventEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['AuditEventEdge'] = ResolversParentTypes['AuditEventEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['AuditEvent'], ParentType, ContextType>;
};

export type CustomerResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Customer'] = ResolversParentTypes['Customer']> = {
  address?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  bankCard?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  birthDate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  deals?: Resolver<Array<ResolversTypes['Deal']>, ParentType, ContextType, RequireFields<CustomerDealsArgs, 'first'>>;
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  gender?: Resolver<Maybe<ResolversTypes['Gender']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  idNumber?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  interactions?: Resolver<Array<ResolversTypes['Interaction']>, ParentType, ContextType, RequireFields<CustomerInteractionsArgs, 'first'>>;
  lifetimeValue?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  owner?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  ownerId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  phone?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  segment?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  tags?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  teamId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  tier?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  updatedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
};

export type CustomerConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['CustomerConnection'] = ResolversParentTypes['CustomerConnection']> = {
  edges?: Resolver<Array<ResolversTypes['CustomerEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Customer']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type CustomerEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['CustomerEdge'] = ResolversParentTypes['CustomerEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Customer'], ParentType, ContextType>;
};

export type CustomerGroupResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['CustomerGroup'] = ResolversParentTypes['CustomerGroup']> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['CustomerGroupKey'], ParentType, ContextType>;
  lifetimeValueSum?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type CustomerGroupKeyResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['CustomerGroupKey'] = ResolversParentTypes['CustomerGroupKey']> = {
  ageBand?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  city?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  gender?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  province?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  segment?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  teamId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  tier?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type CustomerStatsResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['CustomerStats'] = ResolversParentTypes['CustomerStats']> = {
  groups?: Resolver<Array<ResolversTypes['CustomerGroup']>, ParentType, ContextType>;
  minGroupSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  suppressedGroups?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DealResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Deal'] = ResolversParentTypes['Deal']> = {
  amount?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  closedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  createdAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  currency?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  customer?: Resolver<Maybe<ResolversTypes['Customer']>, ParentType, ContextType>;
  customerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  ownerId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  stage?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  teamId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  title?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type DealConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['DealConnection'] = ResolversParentTypes['DealConnection']> = {
  edges?: Resolver<Array<ResolversTypes['DealEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Deal']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type DealEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['DealEdge'] = ResolversParentTypes['DealEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Deal'], ParentType, ContextType>;
};

export type DealGroupResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['DealGroup'] = ResolversParentTypes['DealGroup']> = {
  amountSum?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['DealGroupKey'], ParentType, ContextType>;
};

export type DealGroupKeyResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['DealGroupKey'] = ResolversParentTypes['DealGroupKey']> = {
  currency?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  month?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  stage?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  teamId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type DealStatsResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['DealStats'] = ResolversParentTypes['DealStats']> = {
  groups?: Resolver<Array<ResolversTypes['DealGroup']>, ParentType, ContextType>;
  minGroupSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  suppressedGroups?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type InteractionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Interaction'] = ResolversParentTypes['Interaction']> = {
  agentId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  at?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  channel?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  customerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  summary?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type InteractionConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['InteractionConnection'] = ResolversParentTypes['InteractionConnection']> = {
  edges?: Resolver<Array<ResolversTypes['InteractionEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Interaction']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type InteractionEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['InteractionEdge'] = ResolversParentTypes['InteractionEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Interaction'], ParentType, ContextType>;
};

export type InteractionGroupResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['InteractionGroup'] = ResolversParentTypes['InteractionGroup']> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['InteractionGroupKey'], ParentType, ContextType>;
};

export type InteractionGroupKeyResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['InteractionGroupKey'] = ResolversParentTypes['InteractionGroupKey']> = {
  channel?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  week?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type InteractionStatsResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['InteractionStats'] = ResolversParentTypes['InteractionStats']> = {
  groups?: Resolver<Array<ResolversTypes['InteractionGroup']>, ParentType, ContextType>;
  minGroupSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  suppressedGroups?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type MeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Me'] = ResolversParentTypes['Me']> = {
  kind?: Resolver<ResolversTypes['TokenKind'], ParentType, ContextType>;
  mfa?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  role?: Resolver<Maybe<ResolversTypes['Role']>, ParentType, ContextType>;
  roles?: Resolver<Array<ResolversTypes['Role']>, ParentType, ContextType>;
  scopes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  subject?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  team?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type MutationResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  addInteraction?: Resolver<Maybe<ResolversTypes['Interaction']>, ParentType, ContextType, RequireFields<MutationAddInteractionArgs, 'customerId' | 'input'>>;
  revealSensitive?: Resolver<Maybe<ResolversTypes['RevealedValue']>, ParentType, ContextType, RequireFields<MutationRevealSensitiveArgs, 'customerId' | 'field' | 'reason'>>;
  updateCustomerContact?: Resolver<Maybe<ResolversTypes['Customer']>, ParentType, ContextType, RequireFields<MutationUpdateCustomerContactArgs, 'id' | 'input'>>;
};

export type PageInfoResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  accessReport?: Resolver<Maybe<ResolversTypes['AccessReport']>, ParentType, ContextType, RequireFields<QueryAccessReportArgs, 'customerId'>>;
  auditEvents?: Resolver<Maybe<ResolversTypes['AuditEventConnection']>, ParentType, ContextType, Partial<QueryAuditEventsArgs>>;
  customer?: Resolver<Maybe<ResolversTypes['Customer']>, ParentType, ContextType, RequireFields<QueryCustomerArgs, 'id'>>;
  customerStats?: Resolver<Maybe<ResolversTypes['CustomerStats']>, ParentType, ContextType, RequireFields<QueryCustomerStatsArgs, 'groupBy'>>;
  customers?: Resolver<Maybe<ResolversTypes['CustomerConnection']>, ParentType, ContextType, Partial<QueryCustomersArgs>>;
  deal?: Resolver<Maybe<ResolversTypes['Deal']>, ParentType, ContextType, RequireFields<QueryDealArgs, 'id'>>;
  dealStats?: Resolver<ResolversTypes['DealStats'], ParentType, ContextType, RequireFields<QueryDealStatsArgs, 'groupBy'>>;
  deals?: Resolver<Maybe<ResolversTypes['DealConnection']>, ParentType, ContextType, Partial<QueryDealsArgs>>;
  interactionStats?: Resolver<ResolversTypes['InteractionStats'], ParentType, ContextType, RequireFields<QueryInteractionStatsArgs, 'groupBy'>>;
  interactions?: Resolver<Maybe<ResolversTypes['InteractionConnection']>, ParentType, ContextType, RequireFields<QueryInteractionsArgs, 'customerId'>>;
  me?: Resolver<ResolversTypes['Me'], ParentType, ContextType>;
};

export type RevealedValueResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['RevealedValue'] = ResolversParentTypes['RevealedValue']> = {
  customerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  dataClass?: Resolver<ResolversTypes['DataClass'], ParentType, ContextType>;
  field?: Resolver<ResolversTypes['RevealableField'], ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type UserResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  role?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  teamId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type Resolvers<ContextType = GatewayContext> = {
  AccessReport?: AccessReportResolvers<ContextType>;
  AccessReportEntry?: AccessReportEntryResolvers<ContextType>;
  AuditEvent?: AuditEventResolvers<ContextType>;
  AuditEventConnection?: AuditEventConnectionResolvers<ContextType>;
  AuditEventEdge?: AuditEventEdgeResolvers<ContextType>;
  Customer?: CustomerResolvers<ContextType>;
  CustomerConnection?: CustomerConnectionResolvers<ContextType>;
  CustomerEdge?: CustomerEdgeResolvers<ContextType>;
  CustomerGroup?: CustomerGroupResolvers<ContextType>;
  CustomerGroupKey?: CustomerGroupKeyResolvers<ContextType>;
  CustomerStats?: CustomerStatsResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Deal?: DealResolvers<ContextType>;
  DealConnection?: DealConnectionResolvers<ContextType>;
  DealEdge?: DealEdgeResolvers<ContextType>;
  DealGroup?: DealGroupResolvers<ContextType>;
  DealGroupKey?: DealGroupKeyResolvers<ContextType>;
  DealStats?: DealStatsResolvers<ContextType>;
  Interaction?: InteractionResolvers<ContextType>;
  InteractionConnection?: InteractionConnectionResolvers<ContextType>;
  InteractionEdge?: InteractionEdgeResolvers<ContextType>;
  InteractionGroup?: InteractionGroupResolvers<ContextType>;
  InteractionGroupKey?: InteractionGroupKeyResolvers<ContextType>;
  InteractionStats?: InteractionStatsResolvers<ContextType>;
  Me?: MeResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RevealedValue?: RevealedValueResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
};

export type DirectiveResolvers<ContextType = GatewayContext> = {
  collection?: CollectionDirectiveResolver<any, any, ContextType>;
  sensitive?: SensitiveDirectiveResolver<any, any, ContextType>;
  source?: SourceDirectiveResolver<any, any, ContextType>;
};
