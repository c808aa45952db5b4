import type { MutationResolvers } from '../src/generated/graphql';
import { revealSensitive } from '../src/disclosure/reveal';

export const revealMutation: Pick<MutationResolvers, 'revealSensitive'> = {
  revealSensitive: async (_root, { customerId, field, reason }, ctx) => {
    const revealed = await revealSensitive(ctx, customerId, field, reason);
    return { ...revealed, field, dataClass: revealed.dataClass as never };
  },
};
