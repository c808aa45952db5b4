import type { CustomerDoc, DealDoc, InteractionDoc } from './documents';

/** One page of a connection. Cursors are made on demand: most clients never ask for them. */
export interface Page<T> {
  readonly docs: readonly T[];
  cursor(index: number): string;
  readonly hasNextPage: boolean;
}

export type CustomerPage = Page<CustomerDoc>;
export type DealPage = Page<DealDoc>;
export type InteractionPage = Page<InteractionDoc>;

export const EMPTY_PAGE: Page<never> = Object.freeze({
  docs: [],
  hasNextPage: false,
  cursor(): string {
    throw new RangeError('empty page has no cursors');
  },
});
