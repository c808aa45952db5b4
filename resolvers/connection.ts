import type { Page } from '../src/data/page';

interface Edge {
  readonly node: unknown;
  readonly page: Page<unknown>;
  readonly index: number;
}

/**
 * Relay connection fields over a data-layer Page; shared by every connection type. Edge cursors
 * are encrypted on demand (an explicit resolver), since most clients only read `nodes`.
 */
export const connectionResolvers = {
  edges: (page: Page<unknown>): Edge[] => page.docs.map((node, index) => ({ node, page, index })),
  nodes: (page: Page<unknown>) => page.docs,
  pageInfo: (page: Page<unknown>) => ({
    hasNextPage: page.hasNextPage,
    endCursor: page.docs.length === 0 ? null : page.cursor(page.docs.length - 1),
  }),
};

export const edgeResolvers = {
  cursor: (edge: Edge) => edge.page.cursor(edge.index),
};
