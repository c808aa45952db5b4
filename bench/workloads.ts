// The benchmark's workloads: the GraphQL documents every GraphQL variant is sent, and the
// equivalent plain HTTP request for the floor variant. A page of 100 and of 1,000 customers with
// every classified field plus nested deals, one customer by id, and an accessReport.

export type WorkloadName = 'page100' | 'page1000' | 'byId' | 'accessReport';

export const CUSTOMER_FIELDS = `fragment BenchCustomer on Customer {
  id name gender birthDate phone email idNumber address bankCard segment tier lifetimeValue
  deals { id title amount currency stage }
}`;

export const PAGE_QUERY = `query BenchCustomerPage($first: Int!) {
  customers(first: $first) { nodes { ...BenchCustomer } }
}
${CUSTOMER_FIELDS}`;

export const BY_ID_QUERY = `query BenchCustomerById($id: ID!) {
  customer(id: $id) { ...BenchCustomer }
}
${CUSTOMER_FIELDS}`;

export const ACCESS_REPORT_QUERY = `query BenchAccessReport($customerId: ID!) {
  accessReport(customerId: $customerId) {
    customerId totalEvents
    entries { subject role field dataClass level decision count }
  }
}`;

/** Customers the id-based workloads read, chosen by the orchestrator from the seeded data. */
export interface WorkloadTargets {
  /** A customer inside every page (byId reads it). */
  readonly byId: string;
  /** A customer outside every page, with an audit history the orchestrator gives it. */
  readonly accessReport: string;
}

export interface Workload {
  readonly name: WorkloadName;
  readonly title: string;
  /** Customers in one response. */
  readonly rows: number;
  graphql(targets: WorkloadTargets): { query: string; variables: Record<string, unknown> };
  /** The floor's GET path, or null when the floor has no equivalent. */
  rest(targets: WorkloadTargets): string | null;
}

export const WORKLOADS: Record<WorkloadName, Workload> = {
  page100: {
    name: 'page100',
    title: 'page of 100 customers + deals',
    rows: 100,
    graphql: () => ({ query: PAGE_QUERY, variables: { first: 100 } }),
    rest: () => '/customers?first=100',
  },
  page1000: {
    name: 'page1000',
    title: 'page of 1,000 customers + deals',
    rows: 1000,
    graphql: () => ({ query: PAGE_QUERY, variables: { first: 1000 } }),
    rest: () => '/customers?first=1000',
  },
  byId: {
    name: 'byId',
    title: 'one customer by id + deals',
    rows: 1,
    graphql: (t) => ({ query: BY_ID_QUERY, variables: { id: t.byId } }),
    rest: (t) => `/customers/${t.byId}`,
  },
  accessReport: {
    name: 'accessReport',
    title: 'accessReport(customerId)',
    rows: 0,
    graphql: (t) => ({ query: ACCESS_REPORT_QUERY, variables: { customerId: t.accessReport } }),
    rest: () => null,
  },
};

export const WORKLOAD_ORDER: readonly WorkloadName[] = ['page100', 'page1000', 'byId', 'accessReport'];
