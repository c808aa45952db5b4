import type { MutationResolvers } from '../src/generated/graphql';
import { gatewayError } from '../src/errors';
import { recordChanges } from '../src/disclosure/changes';
import { normaliseEmailInput, normaliseIdNumberInput, normalisePhoneInput } from '../src/validation/contact';

const MAX_SUMMARY_LENGTH = 4000;

export const Mutation: MutationResolvers = {
  updateCustomerContact: async (_root, { id, input }, ctx) => {
    const changes: Record<string, string> = {};
    if (input.phone != null) changes.phone = normalisePhoneInput(input.phone, 'input.phone');
    if (input.email != null) changes.email = normaliseEmailInput(input.email, 'input.email');
    if (input.idNumber != null) changes.idNumber = normaliseIdNumberInput(input.idNumber, 'input.idNumber');
    if (Object.keys(changes).length === 0) throw gatewayError('BAD_USER_INPUT', 'input sets no field', { field: 'input' });
    const updated = await ctx.data.updateCustomer(id, changes);
    if (!updated) throw gatewayError('NOT_FOUND', 'customer not found', { argument: 'id' });
    recordChanges(ctx.disclosure, ctx.fieldMap, 'Customer', Object.keys(changes), updated);
    return updated.after;
  },
  addInteraction: async (_root, { customerId, input }, ctx) => {
    const summary = input.summary.trim();
    if (summary.length === 0 || summary.length > MAX_SUMMARY_LENGTH) {
      throw gatewayError('BAD_USER_INPUT', `summary must be 1 to ${MAX_SUMMARY_LENGTH} characters`, { field: 'input.summary' });
    }
    const created = await ctx.data.addInteraction(customerId, {
      agentId: ctx.principal.subject,
      channel: input.channel,
      summary,
      at: input.at ?? new Date(),
    });
    if (!created) throw gatewayError('NOT_FOUND', 'customer not found', { argument: 'customerId' });
    return created;
  },
};
