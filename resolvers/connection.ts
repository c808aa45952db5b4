import type { Page } from '../src/data/page';

/** Relay connection fields over a data-layer Page; shared by every connection type. */
export const connectionResolvers = {
  edges: (page: Page<unknown>) => page.docs.map((node, i) => ({ node, cursor: () => page.cursor(i) })),
  nodes: (page: Page<unknown>) => page.docs,
  pageInfo: (page: Page<unknown>) => ({
    hasNextPage: page.hasNextPage,
    endCursor: page.docs.length === 0 ? null : () => page.cursor(page.docs.length - 1),
  }),
};
